package vn.onduty.agent.sim;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;

/**
 * A pseudo-terminal pair opened through libc (posix_openpt, grantpt, unlockpt, ptsname), so a program
 * that opens serial ports by path, jSerialComm included, can open the slave side as if it were a
 * USB-serial adapter. Both sides are put in raw mode so protocol bytes such as 0x0A, 0x11 or 0x7F
 * pass unchanged. Linux and macOS.
 */
final class Pty implements AutoCloseable {

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int posix_openpt(int flags);

        int grantpt(int fd);

        int unlockpt(int fd);

        String ptsname(int fd);

        int open(String path, int flags);

        int close(int fd);

        NativeLong read(int fd, byte[] buffer, NativeLong count);

        NativeLong write(int fd, byte[] buffer, NativeLong count);

        int poll(Pointer fds, NativeLong count, int timeoutMillis);

        int tcgetattr(int fd, byte[] termios);

        int tcsetattr(int fd, int when, byte[] termios);

        void cfmakeraw(byte[] termios);
    }

    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = Platform.isMac() ? 0x20000 : 0x100;
    private static final short POLLIN = 0x1;
    private static final short POLLHUP = 0x10;
    private static final int EINTR = 4;
    private static final int EAGAIN = Platform.isMac() ? 35 : 11;
    private static final int EIO = 5;
    /** struct termios is 60 bytes on Linux and 72 on macOS; the spare room costs nothing. */
    private static final int TERMIOS_BYTES = 256;

    private final int master;
    private final String slavePath;
    private final Memory pollFd = new Memory(8);
    private boolean closed;

    private Pty(int master, String slavePath) {
        this.master = master;
        this.slavePath = slavePath;
    }

    static Pty open() throws IOException {
        LibC libc = LibC.INSTANCE;
        int master = libc.posix_openpt(O_RDWR | O_NOCTTY);
        if (master < 0) {
            throw error("posix_openpt");
        }
        try {
            if (libc.grantpt(master) != 0) {
                throw error("grantpt");
            }
            if (libc.unlockpt(master) != 0) {
                throw error("unlockpt");
            }
            String slavePath;
            // ptsname returns a static buffer; two simulators starting at once must not share it.
            synchronized (Pty.class) {
                slavePath = libc.ptsname(master);
            }
            if (slavePath == null) {
                throw error("ptsname");
            }
            makeRaw(master, "master");
            // The slave's settings live as long as the master; raw from the start means a client that
            // does not configure the port (cat, screen, python) also sees the bytes unchanged.
            int slave = libc.open(slavePath, O_RDWR | O_NOCTTY);
            if (slave < 0) {
                throw error("open " + slavePath);
            }
            try {
                makeRaw(slave, slavePath);
            } finally {
                libc.close(slave);
            }
            return new Pty(master, slavePath);
        } catch (IOException e) {
            libc.close(master);
            throw e;
        }
    }

    String slavePath() {
        return slavePath;
    }

    /**
     * Reads what the slave side wrote, waiting up to {@code timeoutMillis}.
     *
     * @return bytes read; 0 when nothing came, including while no program holds the slave open
     */
    synchronized int read(byte[] buffer, int timeoutMillis) throws IOException {
        requireOpen();
        pollFd.setInt(0, master);
        pollFd.setShort(4, POLLIN);
        pollFd.setShort(6, (short) 0);
        int ready = LibC.INSTANCE.poll(pollFd, new NativeLong(1), timeoutMillis);
        if (ready < 0) {
            int errno = Native.getLastError();
            if (errno == EINTR) {
                return 0;
            }
            throw new IOException("poll on " + slavePath + " failed, errno " + errno);
        }
        short revents = pollFd.getShort(6);
        if (ready == 0 || (revents & POLLIN) == 0) {
            if ((revents & POLLHUP) != 0) {
                // Nobody has the slave open (the agent is between reconnects); poll would return at once.
                sleepQuietly(Math.min(timeoutMillis, 20));
            }
            return 0;
        }
        long n = LibC.INSTANCE.read(master, buffer, new NativeLong(buffer.length)).longValue();
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == EINTR || errno == EAGAIN || errno == EIO) {
                return 0;
            }
            throw new IOException("read from " + slavePath + " failed, errno " + errno);
        }
        return (int) n;
    }

    synchronized void write(byte[] bytes) throws IOException {
        requireOpen();
        int offset = 0;
        while (offset < bytes.length) {
            byte[] rest = offset == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, offset, bytes.length);
            long n = LibC.INSTANCE.write(master, rest, new NativeLong(rest.length)).longValue();
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == EINTR || errno == EAGAIN) {
                    continue;
                }
                throw new IOException("write to " + slavePath + " failed, errno " + errno);
            }
            offset += (int) n;
        }
    }

    synchronized boolean isOpen() {
        return !closed;
    }

    /** Closes the master: the slave device disappears and a program holding it sees a hang-up. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.close(master);
        }
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException(slavePath + " is closed");
        }
    }

    private static void makeRaw(int fd, String what) throws IOException {
        byte[] termios = new byte[TERMIOS_BYTES];
        if (LibC.INSTANCE.tcgetattr(fd, termios) != 0) {
            throw error("tcgetattr " + what);
        }
        LibC.INSTANCE.cfmakeraw(termios);
        if (LibC.INSTANCE.tcsetattr(fd, 0, termios) != 0) {
            throw error("tcsetattr " + what);
        }
    }

    private static IOException error(String call) {
        return new IOException(call + " failed, errno " + Native.getLastError());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
