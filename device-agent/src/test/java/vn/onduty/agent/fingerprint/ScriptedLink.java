package vn.onduty.agent.fingerprint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link SensorLink} whose module is a script: each command written yields chunks of bytes that
 * become readable after given delays, which is how noise, partial frames and slow replies look to
 * the client.
 */
final class ScriptedLink implements SensorLink {

    record Chunk(long delayMillis, byte[] bytes) {
    }

    private final Function<Frame, List<Chunk>> module;
    private final Deque<long[]> arrivalTimes = new ArrayDeque<>();
    private final Deque<byte[]> arrivals = new ArrayDeque<>();
    private final List<Frame> commands = new ArrayList<>();
    private final FrameDecoder commandDecoder = new FrameDecoder(Frame.DEFAULT_ADDRESS);
    private boolean vanished;

    ScriptedLink(Function<Frame, List<Chunk>> module) {
        this.module = module;
    }

    static Chunk now(byte[] bytes) {
        return new Chunk(0, bytes);
    }

    static Chunk after(long delayMillis, byte[] bytes) {
        return new Chunk(delayMillis, bytes);
    }

    /** Bytes already on the line before any command, e.g. a late reply from before a restart. */
    synchronized void preload(byte[] bytes) {
        arrivalTimes.add(new long[] {System.nanoTime()});
        arrivals.add(bytes);
    }

    synchronized void vanish() {
        vanished = true;
    }

    synchronized List<Frame> commands() {
        return List.copyOf(commands);
    }

    @Override
    public synchronized void write(byte[] bytes) throws IOException {
        if (vanished) {
            throw new IOException("scripted port vanished");
        }
        for (Frame command : commandDecoder.feed(bytes, 0, bytes.length)) {
            commands.add(command);
            long sent = System.nanoTime();
            for (Chunk chunk : module.apply(command)) {
                arrivalTimes.add(new long[] {sent + chunk.delayMillis() * 1_000_000L});
                arrivals.add(chunk.bytes());
            }
        }
    }

    @Override
    public int read(byte[] buffer, int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            synchronized (this) {
                if (vanished) {
                    throw new IOException("scripted port vanished");
                }
                ByteArrayOutputStream ready = new ByteArrayOutputStream();
                while (!arrivals.isEmpty() && arrivalTimes.peek()[0] <= System.nanoTime() && ready.size() + arrivals.peek().length <= buffer.length) {
                    arrivalTimes.poll();
                    ready.writeBytes(arrivals.poll());
                }
                if (ready.size() > 0) {
                    System.arraycopy(ready.toByteArray(), 0, buffer, 0, ready.size());
                    return ready.size();
                }
            }
            if (System.nanoTime() >= deadline) {
                return 0;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    @Override
    public String description() {
        return "scripted";
    }

    @Override
    public void close() {
    }
}
