package vn.onduty.agent.fingerprint;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import vn.onduty.agent.sim.SimulatedSensor;

/** An in-memory wire to a {@link SimulatedSensor}, for loop tests that need no pseudo-terminal. */
final class SimulatedSensorLink implements SensorLink {

    private final SimulatedSensor sensor;
    private final FrameDecoder commands;
    private final BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    SimulatedSensorLink(SimulatedSensor sensor) {
        this.sensor = sensor;
        this.commands = new FrameDecoder(sensor.address());
    }

    @Override
    public synchronized void write(byte[] bytes) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        for (Frame command : commands.feed(bytes, 0, bytes.length)) {
            sensor.handle(command).ifPresent(reply -> replies.add(FrameCodec.encode(reply)));
        }
    }

    @Override
    public int read(byte[] buffer, int timeoutMillis) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        try {
            byte[] reply = timeoutMillis <= 0 ? replies.poll() : replies.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (reply == null) {
                return 0;
            }
            System.arraycopy(reply, 0, buffer, 0, reply.length);
            return reply.length;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public String description() {
        return "simulated";
    }

    @Override
    public void close() {
        closed = true;
    }
}
