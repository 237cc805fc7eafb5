package vn.onduty.agent.fingerprint;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import vn.onduty.agent.sim.SimulatedSensor;

/**
 * An in-memory wire to a {@link SimulatedSensor}, for loop tests that need no pseudo-terminal; it can lose the
 * replies to chosen instructions, as a corrupt or vanished reply is lost on a real line.
 */
final class SimulatedSensorLink implements SensorLink {

    private final SimulatedSensor sensor;
    private final FrameDecoder commands;
    private final BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    private final Map<Integer, Integer> repliesToLose = new HashMap<>();
    private final Map<Integer, Integer> received = new HashMap<>();
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
            int instruction = command.payloadByte(0);
            received.merge(instruction, 1, Integer::sum);
            // The module acts on the command either way; only its answer is lost on the way back.
            Optional<Frame> reply = sensor.handle(command);
            if (repliesToLose.getOrDefault(instruction, 0) > 0) {
                repliesToLose.merge(instruction, -1, Integer::sum);
                continue;
            }
            reply.ifPresent(r -> replies.add(FrameCodec.encode(r)));
        }
    }

    /** The next {@code count} replies to {@code instruction} (e.g. {@link Instruction#STORE}) never arrive. */
    synchronized void loseReplies(int instruction, int count) {
        repliesToLose.merge(instruction, count, Integer::sum);
    }

    /** How many commands of {@code instruction} the module received. */
    synchronized int received(int instruction) {
        return received.getOrDefault(instruction, 0);
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
