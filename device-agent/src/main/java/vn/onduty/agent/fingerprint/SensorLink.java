package vn.onduty.agent.fingerprint;

import java.io.IOException;

/**
 * A byte pipe to one module. The real one is a serial port ({@link SerialPortLink}); tests plug in
 * scripted or simulated ones. Used by one thread at a time, except {@link #close()}.
 */
public interface SensorLink extends AutoCloseable {

    void write(byte[] bytes) throws IOException;

    /**
     * Reads what has arrived, waiting up to {@code timeoutMillis} for the first byte
     * ({@code 0}: do not wait).
     *
     * @return bytes read into {@code buffer}, 0 when nothing came in time
     * @throws IOException when the link is closed or the port has vanished
     */
    int read(byte[] buffer, int timeoutMillis) throws IOException;

    /** Port name for status and log lines. */
    String description();

    @Override
    void close();
}
