package vn.onduty.agent.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.agent.fingerprint.Frame;
import vn.onduty.agent.fingerprint.FrameCodec;
import vn.onduty.agent.fingerprint.FrameDecoder;

/**
 * A fingerprint module on a real pseudo-terminal: the agent opens {@link #portPath()} with jSerialComm
 * exactly as it opens /dev/ttyUSB0, and a {@link SimulatedSensor} answers. Between the two sits a
 * line that can be made as bad as real ones get: garbage between frames, truncated frames, bad
 * checksums (the next few, or a share of all), slow replies, silence, and a port that vanishes (USB
 * unplugged) and comes back.
 */
public final class SensorSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SensorSimulator.class);
    private static final int READ_SLICE_MILLIS = 50;

    private final SimulatedSensor sensor;
    private final Path linkPath;
    private final Random random;
    private final Object faultLock = new Object();
    private final Thread ioThread;
    private final AtomicLong commandsReceived = new AtomicLong();
    private final AtomicLong repliesSent = new AtomicLong();
    private final AtomicLong noisyReplies = new AtomicLong();
    private final AtomicLong corruptReplies = new AtomicLong();
    private volatile Pty pty;
    private volatile boolean running = true;
    private double garbageRate;
    private double badChecksumRate;
    private int truncateNext;
    private int corruptChecksumNext;
    private int delayNext;
    private Duration delay = Duration.ZERO;
    private boolean silent;

    private SensorSimulator(SimulatedSensor sensor, Path linkPath, long seed) throws IOException {
        this.sensor = sensor;
        this.linkPath = linkPath;
        this.random = new Random(seed);
        this.pty = openPty();
        sensor.powerOn();
        this.ioThread = new Thread(this::serve, "sensor-sim " + pty.slavePath());
        ioThread.setDaemon(true);
        ioThread.start();
    }

    /**
     * Opens a pseudo-terminal and starts answering on it.
     *
     * @param linkPath if not null, a symlink kept pointing at the current device, so the port keeps
     *                 one name across {@link #vanish()} and {@link #reappear()} as a udev rule would give
     */
    public static SensorSimulator start(SimulatedSensor sensor, Path linkPath, long seed) throws IOException {
        return new SensorSimulator(sensor, linkPath, seed);
    }

    public SimulatedSensor sensor() {
        return sensor;
    }

    /** The pseudo-terminal slave, e.g. /dev/pts/5; changes on {@link #reappear()}. */
    public String devicePath() {
        return pty.slavePath();
    }

    public Optional<Path> linkPath() {
        return Optional.ofNullable(linkPath);
    }

    /** What an agent should open: the stable link when there is one, else the device. */
    public String portPath() {
        return linkPath != null ? linkPath.toString() : devicePath();
    }

    /** Probability, per reply, of 1–8 random bytes (sometimes a false EF 01 header) before it. */
    public void setGarbageRate(double probability) {
        synchronized (faultLock) {
            garbageRate = probability;
        }
    }

    /** Probability, per reply, of a wrong checksum: the reply is lost to a receiver that checks it. */
    public void setBadChecksumRate(double probability) {
        synchronized (faultLock) {
            badChecksumRate = probability;
        }
    }

    /** Writes bytes onto the line now, between whatever frames are flowing. */
    public void sendGarbage(byte[] bytes) throws IOException {
        pty.write(bytes);
    }

    /** The next {@code count} replies lose their second half, as when a cable is jostled. */
    public void truncateNextReplies(int count) {
        synchronized (faultLock) {
            truncateNext = count;
        }
    }

    /** The next {@code count} replies carry a wrong checksum. */
    public void corruptChecksumOfNextReplies(int count) {
        synchronized (faultLock) {
            corruptChecksumNext = count;
        }
    }

    /** The next {@code count} replies come {@code delay} late; commands sent meanwhile wait their turn. */
    public void delayNextReplies(int count, Duration delay) {
        synchronized (faultLock) {
            this.delayNext = count;
            this.delay = delay;
        }
    }

    /** A silent module reads nothing and answers nothing, like one that lost power behind its adapter. */
    public void setSilent(boolean silent) {
        synchronized (faultLock) {
            this.silent = silent;
        }
    }

    /** Closes the master side: the device node and the link disappear, and the agent's port breaks. */
    public void vanish() throws IOException {
        Pty current = pty;
        current.close();
        if (linkPath != null) {
            Files.deleteIfExists(linkPath);
        }
        LOG.info("{} vanished", current.slavePath());
    }

    /**
     * Plugs the module back in: a new pseudo-terminal (the kernel may give it the old number or another),
     * the link re-pointed, and the module's boot delay running again.
     *
     * @return the new device path
     */
    public String reappear() throws IOException {
        if (pty.isOpen()) {
            throw new IllegalStateException("still attached at " + pty.slavePath());
        }
        pty = openPty();
        sensor.powerOn();
        LOG.info("reappeared at {}", pty.slavePath());
        return pty.slavePath();
    }

    public long commandsReceived() {
        return commandsReceived.get();
    }

    public long repliesSent() {
        return repliesSent.get();
    }

    /** Replies sent after line noise. */
    public long noisyReplies() {
        return noisyReplies.get();
    }

    /** Replies sent with a wrong checksum. */
    public long corruptReplies() {
        return corruptReplies.get();
    }

    @Override
    public void close() {
        running = false;
        ioThread.interrupt();
        try {
            ioThread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pty.close();
        if (linkPath != null) {
            try {
                Files.deleteIfExists(linkPath);
            } catch (IOException e) {
                LOG.warn("could not remove {}: {}", linkPath, e.getMessage());
            }
        }
    }

    private Pty openPty() throws IOException {
        Pty opened = Pty.open();
        if (linkPath != null) {
            // Build the new link beside the old one and rename over it, so the name never dangles halfway.
            Path temporary = linkPath.resolveSibling(linkPath.getFileName() + ".new");
            Files.deleteIfExists(temporary);
            Files.createSymbolicLink(temporary, Paths.get(opened.slavePath()));
            Files.move(temporary, linkPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return opened;
    }

    private void serve() {
        byte[] buffer = new byte[512];
        FrameDecoder decoder = new FrameDecoder(sensor.address());
        Pty servedPty = null;
        while (running) {
            Pty current = pty;
            if (current != servedPty) {
                decoder = new FrameDecoder(sensor.address());
                servedPty = current;
            }
            if (!current.isOpen()) {
                pause(READ_SLICE_MILLIS);
                continue;
            }
            try {
                int n = current.read(buffer, READ_SLICE_MILLIS);
                if (n <= 0 || isSilent()) {
                    continue;
                }
                for (Frame command : decoder.feed(buffer, 0, n)) {
                    commandsReceived.incrementAndGet();
                    Optional<Frame> reply = sensor.handle(command);
                    if (reply.isPresent()) {
                        send(current, FrameCodec.encode(reply.get()));
                    }
                }
            } catch (IOException e) {
                if (current.isOpen()) {
                    LOG.warn("simulator line error on {}: {}", current.slavePath(), e.getMessage());
                    pause(READ_SLICE_MILLIS);
                }
            }
        }
    }

    private void send(Pty target, byte[] reply) throws IOException {
        byte[] garbage = null;
        boolean truncate;
        boolean corrupt;
        long delayMillis = 0;
        synchronized (faultLock) {
            if (garbageRate > 0 && random.nextDouble() < garbageRate) {
                garbage = randomGarbage();
            }
            truncate = truncateNext > 0;
            truncateNext = Math.max(0, truncateNext - 1);
            corrupt = corruptChecksumNext > 0 || (badChecksumRate > 0 && random.nextDouble() < badChecksumRate);
            corruptChecksumNext = Math.max(0, corruptChecksumNext - 1);
            if (delayNext > 0) {
                delayNext--;
                delayMillis = delay.toMillis();
            }
        }
        if (delayMillis > 0) {
            pause(delayMillis);
        }
        if (garbage != null) {
            target.write(garbage);
            noisyReplies.incrementAndGet();
        }
        byte[] out = reply;
        if (corrupt) {
            corruptReplies.incrementAndGet();
            out = reply.clone();
            out[out.length - 1] ^= 0x5A;
        }
        if (truncate) {
            out = Arrays.copyOf(out, out.length / 2);
        }
        target.write(out);
        repliesSent.incrementAndGet();
    }

    private byte[] randomGarbage() {
        byte[] garbage = new byte[1 + random.nextInt(8)];
        random.nextBytes(garbage);
        if (garbage.length >= 2 && random.nextBoolean()) {
            garbage[garbage.length - 2] = (byte) FrameCodec.HEADER_HI;
            garbage[garbage.length - 1] = (byte) FrameCodec.HEADER_LO;
        }
        return garbage;
    }

    private boolean isSilent() {
        synchronized (faultLock) {
            return silent;
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
