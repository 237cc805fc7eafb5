package vn.onduty.agent.fingerprint;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;

/**
 * {@link SensorLink} over a serial port through jSerialComm, 8N1 without flow control as the modules
 * expect. Any path works, including pseudo-terminals and udev symlinks such as /dev/serial/by-id/....
 */
public final class SerialPortLink implements SensorLink {

    /**
     * Reads block at most this long per native call, so a caller's longer timeout is met by looping
     * without reconfiguring the port for every read.
     */
    private static final int READ_SLICE_MILLIS = 50;
    private static final int WRITE_TIMEOUT_MILLIS = 1000;

    private final SerialPort port;
    private final String path;

    private SerialPortLink(SerialPort port, String path) {
        this.port = port;
        this.path = path;
    }

    public static SerialPortLink open(String path, int baudRate) throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("no serial port at " + path, e);
        }
        port.setComPortParameters(baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_SLICE_MILLIS, WRITE_TIMEOUT_MILLIS);
        if (!port.openPort()) {
            throw new IOException("cannot open " + path + " (error " + port.getLastErrorCode()
                    + " at native line " + port.getLastErrorLocation() + ")");
        }
        // Whatever the module said before we listened answers no command of ours.
        port.flushIOBuffers();
        return new SerialPortLink(port, path);
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        int written = port.writeBytes(bytes, bytes.length);
        if (written != bytes.length) {
            throw new IOException(path + " accepted " + Math.max(written, 0) + " of " + bytes.length + " bytes; port closed or vanished");
        }
    }

    @Override
    public int read(byte[] buffer, int timeoutMillis) throws IOException {
        if (timeoutMillis <= 0) {
            int available = port.bytesAvailable();
            if (available < 0) {
                throw vanished();
            }
            return available == 0 ? 0 : checked(port.readBytes(buffer, Math.min(available, buffer.length)));
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        do {
            int n = checked(port.readBytes(buffer, buffer.length));
            if (n > 0) {
                return n;
            }
        } while (System.nanoTime() < deadline);
        return 0;
    }

    @Override
    public String description() {
        return path;
    }

    @Override
    public void close() {
        port.closePort();
    }

    private int checked(int n) throws IOException {
        if (n < 0) {
            throw vanished();
        }
        return n;
    }

    private IOException vanished() {
        return new IOException(path + " closed or vanished");
    }
}
