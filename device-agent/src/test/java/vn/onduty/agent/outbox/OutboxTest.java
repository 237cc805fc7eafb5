package vn.onduty.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    private static final Instant AT = Instant.parse("2026-11-26T00:31:05.123Z");

    @TempDir
    Path dir;

    private static Map<String, Object> punch(int slot) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sensor", "cua-chinh");
        fields.put("slot", slot);
        fields.put("score", 80);
        return fields;
    }

    @Test
    void keepsItsFileInWriteAheadLogMode() throws Exception {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            outbox.emit("fingerprint", "punch", AT, punch(5));
        }
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("outbox.db"));
             Statement st = raw.createStatement()) {
            // WAL is a property of the file itself, so any later connection reports it.
            ResultSet rs = st.executeQuery("PRAGMA journal_mode");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void numbersEachStreamGaplesslyAcrossReopen() {
        Path file = dir.resolve("outbox.db");
        List<Long> fingerprint = new ArrayList<>();
        List<Long> camera = new ArrayList<>();
        try (Outbox outbox = Outbox.open(file)) {
            fingerprint.add(outbox.emit("fingerprint", "punch", AT, punch(1)));
            camera.add(outbox.emit("camera", "occupancy", AT, Map.of("counter", 3)));
            fingerprint.add(outbox.emit("fingerprint", "punch", AT, punch(2)));
        }
        try (Outbox outbox = Outbox.open(file)) {
            fingerprint.add(outbox.emit("fingerprint", "unrecognised_touch", AT, Map.of("sensor", "cua-chinh")));
            camera.add(outbox.emit("camera", "occupancy", AT, Map.of("counter", 4)));
            assertThat(outbox.lastSeq("fingerprint")).isEqualTo(3);
            assertThat(outbox.lastSeq("nothing-yet")).isZero();
        }
        assertThat(fingerprint).containsExactly(1L, 2L, 3L);
        assertThat(camera).containsExactly(1L, 2L);
    }

    @Test
    void neverReusesASeqOnceEverythingIsAcknowledged() {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = Outbox.open(file)) {
            outbox.emit("fingerprint", "punch", AT, punch(1));
            outbox.emit("fingerprint", "punch", AT, punch(2));
            outbox.acknowledge(outbox.pending(10));
            assertThat(outbox.pendingCount()).isZero();
        }
        try (Outbox outbox = Outbox.open(file)) {
            // The server holds 1 and 2 already: a new event numbered 1 would be ignored there as a duplicate.
            assertThat(outbox.emit("fingerprint", "punch", AT, punch(3))).isEqualTo(3);
        }
    }

    @Test
    void anEmittedEventIsCommittedWhenEmitReturns() throws Exception {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = Outbox.open(file)) {
            long seq = outbox.emit("fingerprint", "punch", AT, punch(5));
            // A second, independent connection sees only committed data.
            try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement st = raw.createStatement();
                 ResultSet rs = st.executeQuery("SELECT stream, seq, type, at, fields FROM event")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("stream")).isEqualTo("fingerprint");
                assertThat(rs.getLong("seq")).isEqualTo(seq);
                assertThat(rs.getString("type")).isEqualTo("punch");
                assertThat(rs.getString("at")).isEqualTo("2026-11-26T00:31:05.123Z");
                assertThat(rs.getString("fields")).contains("\"slot\":5");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void pendingGivesTheOldestFirstUpToMaxWithTheirFields() {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            for (int slot = 0; slot < 5; slot++) {
                outbox.emit("fingerprint", "punch", AT.plusSeconds(slot), punch(slot));
            }
            List<OutboxEvent> first = outbox.pending(3);
            assertThat(first).extracting(OutboxEvent::seq).containsExactly(1L, 2L, 3L);
            assertThat(first.get(2).toWire()).containsExactly(
                    Map.entry("stream", "fingerprint"), Map.entry("seq", 3L), Map.entry("type", "punch"),
                    Map.entry("at", "2026-11-26T00:31:07.123Z"), Map.entry("sensor", "cua-chinh"),
                    Map.entry("slot", 2), Map.entry("score", 80));
            assertThat(outbox.pendingCount()).isEqualTo(5);
        }
    }

    @Test
    void acknowledgeRemovesExactlyTheAcknowledgedEvents() {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            for (int i = 0; i < 4; i++) {
                outbox.emit("fingerprint", "punch", AT, punch(i));
                outbox.emit("camera", "occupancy", AT, Map.of("counter", i));
            }
            int removed = outbox.acknowledge(Map.of("fingerprint", List.of(1L, 3L), "camera", List.of(2L, 99L)));

            assertThat(removed).isEqualTo(3);
            assertThat(outbox.pending(100)).extracting(OutboxEvent::key)
                    .containsExactly("camera#1", "fingerprint#2", "camera#3", "fingerprint#4", "camera#4");
            assertThat(outbox.acknowledge(outbox.pending(2))).isEqualTo(2);
            assertThat(outbox.pending(100)).extracting(OutboxEvent::key)
                    .containsExactly("camera#3", "fingerprint#4", "camera#4");
        }
    }

    @Test
    void rejectMovesAnEventAsideOnDisk() {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = Outbox.open(file)) {
            outbox.emit("fingerprint", "punch", AT, punch(-1));
            outbox.emit("fingerprint", "punch", AT, punch(2));
            assertThat(outbox.reject(outbox.pending(1).get(0), "events[0].slot: must be 0 or more")).isTrue();
        }
        try (Outbox outbox = Outbox.open(file)) {
            assertThat(outbox.pending(10)).extracting(OutboxEvent::seq).containsExactly(2L);
            assertThat(outbox.rejectedCount()).isEqualTo(1);
            RejectedEvent rejected = outbox.rejected(10).get(0);
            assertThat(rejected.event().key()).isEqualTo("fingerprint#1");
            assertThat(rejected.event().fields()).containsEntry("slot", -1);
            assertThat(rejected.reason()).isEqualTo("events[0].slot: must be 0 or more");
        }
    }

    @Test
    void refusesEventsTheServerCouldNeverAccept() {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            assertThatThrownBy(() -> outbox.emit("Fingerprint", "punch", AT, punch(1)))
                    .hasMessageContaining("[a-z0-9._-]");
            assertThatThrownBy(() -> outbox.emit("fingerprint", "punch", AT, Map.of("seq", 7)))
                    .hasMessageContaining("'seq' is part of the event envelope");
            assertThatThrownBy(() -> outbox.emit("fingerprint", " ", AT, punch(1)))
                    .hasMessageContaining("type");
            assertThat(outbox.pendingCount()).isZero();
            assertThat(outbox.lastSeq("fingerprint")).isZero();
        }
    }

    @Test
    void concurrentEmittersGetDistinctGaplessSeqs() throws Exception {
        int threads = 4;
        int each = 40;
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            try {
                List<Callable<List<Long>>> emitters = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    emitters.add(() -> {
                        List<Long> seqs = new ArrayList<>();
                        for (int i = 0; i < each; i++) {
                            seqs.add(outbox.emit("fingerprint", "punch", AT, punch(thread * 1000 + i)));
                        }
                        return seqs;
                    });
                }
                // An uploader acknowledging while others emit must not disturb the numbering.
                Future<Integer> uploader = pool.submit(() -> {
                    int acknowledged = 0;
                    for (int round = 0; round < 20; round++) {
                        acknowledged += outbox.acknowledge(outbox.pending(5));
                        Thread.sleep(2);
                    }
                    return acknowledged;
                });
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> seqs : pool.invokeAll(emitters)) {
                    all.addAll(seqs.get());
                }
                int acknowledged = uploader.get();

                Collections.sort(all);
                assertThat(all).containsExactlyElementsOf(
                        LongStream.rangeClosed(1, (long) threads * each).boxed().toList());
                assertThat(outbox.pendingCount()).isEqualTo((long) threads * each - acknowledged);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void awaitPendingWakesUpOnEmit() throws Exception {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            assertThat(outbox.awaitPending(Duration.ofMillis(20))).isFalse();
            Thread emitter = new Thread(() -> outbox.emit("fingerprint", "punch", AT, punch(1)));
            emitter.start();
            assertThat(outbox.awaitPending(Duration.ofSeconds(30))).isTrue();
            emitter.join();
        }
    }

    @Test
    void refusesAFileWrittenByANewerAgent() throws Exception {
        Path file = dir.resolve("outbox.db");
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = raw.createStatement()) {
            st.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> Outbox.open(file))
                .isInstanceOf(Outbox.OutboxException.class)
                .hasMessageContaining("newer agent");
    }
}
