package vn.onduty.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a process that is emitting into, and acknowledging from, an outbox at random moments, restarts
 * it to carry on from what the outbox says, and checks that nothing that {@code emit} returned was lost,
 * nothing was numbered twice and no number was skipped.
 */
class OutboxCrashIT {

    private static final List<String> STREAMS = List.of("a", "b");
    private static final int KILLS = 6;

    @TempDir
    Path dir;

    @Test
    void everyReturnedEmitSurvivesSigkillWithGaplessSeqs() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path outboxFile = dir.resolve("outbox.db");
        List<Long> resumedAt = new ArrayList<>();

        for (int run = 0; run < KILLS; run++) {
            Process child = startChild(outboxFile, run);
            try {
                awaitReady(child, run);
                Thread.sleep(100 + random.nextInt(500));
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
            assertThat(child.exitValue()).as("child %d was killed, it did not stop on its own (seed %d): %s",
                    run, seed, Files.readString(dir.resolve("child-" + run + ".err"))).isEqualTo(137);
            // "ready <first seq of stream a>": where this run carried on from.
            resumedAt.add(Long.parseLong(Files.readString(dir.resolve("child-" + run + ".out")).lines()
                    .filter(l -> l.startsWith("ready ")).findFirst().orElseThrow().substring(6).trim()));
        }

        // The idempotent sink, as the server would hold it: (stream, seq) -> n, each key once.
        Map<String, TreeMap<Long, Long>> sink = readSink();
        Map<String, Long> lastSeq = new HashMap<>();
        try (Outbox outbox = Outbox.open(outboxFile)) {
            for (String stream : STREAMS) {
                lastSeq.put(stream, outbox.lastSeq(stream));
            }
            // Deliver what is still pending, as the uploader would after the last restart.
            List<OutboxEvent> pending = outbox.pending(1_000_000);
            for (OutboxEvent event : pending) {
                deliver(sink, event.stream(), event.seq(), ((Number) event.fields().get("n")).longValue());
            }
            outbox.acknowledge(pending);
            assertThat(outbox.pendingCount()).isZero();
        }
        assertThat(integrityCheck(outboxFile)).isEqualTo("ok");

        for (String stream : STREAMS) {
            long last = lastSeq.get(stream);
            assertThat(sink.get(stream).keySet()).as("stream %s, seed %d", stream, seed)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
            sink.get(stream).forEach((seq, n) -> assertThat(n).as("event %s#%d", stream, seq).isEqualTo(seq));
            List<Long> returned = returned(stream);
            assertThat(returned).as("stream %s: every emit that returned, seed %d", stream, seed)
                    .allSatisfy(seq -> assertThat(seq).isBetween(1L, last));
        }
        // The test means something only if the children got work done between kills and resumed each time.
        assertThat(returned("a").size() + returned("b").size()).isGreaterThan(KILLS * 4);
        assertThat(resumedAt).isSorted().startsWith(1L);
        assertThat(resumedAt.get(KILLS - 1)).isGreaterThan(KILLS);
    }

    private Process startChild(Path outboxFile, int run) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-Dorg.sqlite.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), outboxFile.toString(), dir.toString())
                .redirectOutput(dir.resolve("child-" + run + ".out").toFile())
                .redirectError(dir.resolve("child-" + run + ".err").toFile())
                .start();
    }

    private void awaitReady(Process child, int run) throws Exception {
        Path out = dir.resolve("child-" + run + ".out");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(out) || !Files.readString(out).contains("ready")) {
            assertThat(child.isAlive()).as("child %d died: %s", run,
                    Files.readString(dir.resolve("child-" + run + ".err"))).isTrue();
            assertThat(System.nanoTime()).as("child %d never became ready", run).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private Map<String, TreeMap<Long, Long>> readSink() throws IOException {
        Map<String, TreeMap<Long, Long>> sink = new HashMap<>();
        for (String stream : STREAMS) {
            sink.put(stream, new TreeMap<>());
        }
        Path file = dir.resolve("sink.log");
        if (Files.exists(file)) {
            for (String line : completeLines(file)) {
                String[] parts = line.split(" ");
                deliver(sink, parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            }
        }
        return sink;
    }

    /** Stores idempotently; a re-delivery (killed between writing the sink and acknowledging) must carry the same event. */
    private static void deliver(Map<String, TreeMap<Long, Long>> sink, String stream, long seq, long n) {
        Long before = sink.get(stream).putIfAbsent(seq, n);
        assertThat(before == null || before == n).as("%s#%d delivered as %d and as %d", stream, seq, before, n).isTrue();
    }

    private List<Long> returned(String stream) throws IOException {
        Path file = dir.resolve("returned-" + stream + ".log");
        List<Long> seqs = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : completeLines(file)) {
                seqs.add(Long.parseLong(line));
            }
        }
        return seqs;
    }

    /** Lines ended by a newline; the last one may have been cut by the kill. */
    private static List<String> completeLines(Path file) throws IOException {
        String text = Files.readString(file);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }

    private static String integrityCheck(Path file) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * The process that gets killed: one emitting thread per stream, numbering its events from where the
     * outbox says, and one thread that "uploads" to an append-only sink file and then acknowledges.
     */
    public static final class Child {

        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[1]);
            Outbox outbox = Outbox.open(Path.of(args[0]));
            List<Thread> threads = new ArrayList<>();
            for (String stream : STREAMS) {
                long first = outbox.lastSeq(stream) + 1;
                OutputStream returned = new FileOutputStream(dir.resolve("returned-" + stream + ".log").toFile(), true);
                threads.add(new Thread(() -> emitFrom(outbox, stream, first, returned)));
            }
            OutputStream sink = new FileOutputStream(dir.resolve("sink.log").toFile(), true);
            threads.add(new Thread(() -> upload(outbox, sink)));
            System.out.println("ready " + (outbox.lastSeq("a") + 1));
            System.out.flush();
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        private static void emitFrom(Outbox outbox, String stream, long first, OutputStream returned) {
            try {
                for (long n = first; ; n++) {
                    long seq = outbox.emit(stream, "punch", Instant.now(), Map.of("sensor", "crash", "n", n));
                    if (seq != n) {
                        System.err.println(stream + ": expected seq " + n + ", got " + seq);
                        System.exit(3);
                    }
                    // Unbuffered: the line reaches the kernel as soon as emit has returned.
                    returned.write((seq + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException | RuntimeException e) {
                e.printStackTrace();
                System.exit(4);
            }
        }

        private static void upload(Outbox outbox, OutputStream sink) {
            try {
                while (true) {
                    List<OutboxEvent> batch = outbox.pending(20);
                    StringBuilder lines = new StringBuilder();
                    for (OutboxEvent event : batch) {
                        lines.append(event.stream()).append(' ').append(event.seq()).append(' ')
                                .append(event.fields().get("n")).append('\n');
                    }
                    sink.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
                    outbox.acknowledge(batch);
                    Thread.sleep(3);
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                e.printStackTrace();
                System.exit(5);
            }
        }
    }
}
