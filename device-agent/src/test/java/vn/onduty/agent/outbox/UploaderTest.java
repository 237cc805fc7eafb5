package vn.onduty.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.onduty.agent.FakeAgentServer;
import vn.onduty.agent.FakeAgentServer.Down;
import vn.onduty.agent.http.AgentHttp;

class UploaderTest {

    private static final Instant AT = Instant.parse("2026-11-26T00:31:05.123Z");
    /** Short waits so retries happen within a test; the rules are the production ones. */
    private static final Uploader.Settings FAST = Uploader.Settings.defaults()
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(50));

    @TempDir
    Path dir;

    private FakeAgentServer server;
    private Outbox outbox;
    private AgentHttp http;

    @BeforeEach
    void start() throws Exception {
        server = FakeAgentServer.start();
        outbox = Outbox.open(dir.resolve("outbox.db"));
        http = new AgentHttp(server.url(), FakeAgentServer.TOKEN, "test", Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        outbox.close();
        server.close();
    }

    private void emitPunches(int count) {
        for (int i = 0; i < count; i++) {
            outbox.emit("fingerprint", "punch", AT.plusMillis(i), punch(i % 160));
        }
    }

    private static Map<String, Object> punch(int slot) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sensor", "cua-chinh");
        fields.put("slot", slot);
        fields.put("score", 80);
        return fields;
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    /** Waits for the uploader thread to reach a state; the deadline only guards against a hang. */
    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition still false at the deadline").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void deliversEverythingOnceInBatchesAndEmptiesTheOutbox() throws Exception {
        emitPunches(120);
        outbox.emit("camera", "unrecognised_touch", AT, Map.of("sensor", "cua-phu"));

        try (Uploader uploader = new Uploader(outbox, http, FAST.withBatchSize(50), Clock.systemUTC())) {
            uploader.start();
            eventually(() -> outbox.pendingCount() == 0);
            uploader.close(); // joins the thread, so the stats below are final

            assertThat(server.storedSeqs()).containsOnly(
                    Map.entry("fingerprint", oneTo(120)), Map.entry("camera", oneTo(1)));
            assertThat(oneTo(120)).allSatisfy(seq -> assertThat(server.timesStored("fingerprint", seq)).isEqualTo(1));
            assertThat(server.eventRequestSizes()).containsExactly(50, 50, 21);
            assertThat(server.storedEvent("fingerprint", 7).toString()).isEqualTo(
                    "{\"stream\":\"fingerprint\",\"seq\":7,\"type\":\"punch\",\"at\":\"2026-11-26T00:31:05.129Z\","
                            + "\"sensor\":\"cua-chinh\",\"slot\":6,\"score\":80}");
            Uploader.Stats stats = uploader.stats();
            assertThat(stats.pending()).isZero();
            assertThat(stats.delivered()).isEqualTo(121);
            assertThat(stats.lastSuccessAt()).isNotNull();
            assertThat(stats.consecutiveFailures()).isZero();
        }
    }

    @Test
    void keepsEverythingWhileTheServerIsDownAndDeliversEachOnceWhenItIsBack() throws Exception {
        server.takeDown(Down.DROP_CONNECTION);
        try (Uploader uploader = new Uploader(outbox, http, FAST, Clock.systemUTC())) {
            uploader.start();
            emitPunches(30);
            eventually(() -> uploader.stats().consecutiveFailures() >= 3);
            server.takeDown(Down.UNAVAILABLE);
            emitPunches(20);
            eventually(() -> server.eventStatuses().isEmpty() && uploader.stats().lastError().contains("503"));

            assertThat(outbox.pendingCount()).isEqualTo(50);
            assertThat(server.storedCount()).isZero();
            assertThat(uploader.stats().consecutiveFailures()).isGreaterThanOrEqualTo(4);

            server.bringUp();
            eventually(() -> outbox.pendingCount() == 0);
            uploader.close(); // joins the thread, so the stats below are final

            assertThat(server.storedSeqs()).containsOnly(Map.entry("fingerprint", oneTo(50)));
            assertThat(oneTo(50)).allSatisfy(seq -> assertThat(server.timesStored("fingerprint", seq)).isEqualTo(1));
            assertThat(uploader.stats().consecutiveFailures()).isZero();
        }
    }

    @Test
    void resendsABatchWhoseAnswerWasLostAndTheServerKeepsItOnce() throws Exception {
        emitPunches(10);
        Uploader uploader = new Uploader(outbox, http, FAST, Clock.systemUTC());
        server.takeDown(Down.STORE_THEN_FAIL);

        assertThat(uploader.deliverOnce()).isEqualTo(Uploader.Outcome.FAILED);
        assertThat(outbox.pendingCount()).isEqualTo(10);

        server.bringUp();
        assertThat(uploader.deliverOnce()).isEqualTo(Uploader.Outcome.DELIVERED);

        assertThat(outbox.pendingCount()).isZero();
        assertThat(server.storedSeqs()).containsOnly(Map.entry("fingerprint", oneTo(10)));
        assertThat(server.timesStored("fingerprint", 1)).isEqualTo(2);
    }

    @Test
    void keepsEveryEventWhileTheTokenIsRefused() throws Exception {
        emitPunches(3);
        Uploader uploader = new Uploader(outbox, http, FAST, Clock.systemUTC());
        server.acceptToken("agt_rotated");

        assertThat(uploader.deliverOnce()).isEqualTo(Uploader.Outcome.FAILED);
        assertThat(uploader.deliverOnce()).isEqualTo(Uploader.Outcome.FAILED);

        assertThat(outbox.pendingCount()).isEqualTo(3);
        assertThat(outbox.rejectedCount()).isZero();
        assertThat(uploader.stats().consecutiveFailures()).isEqualTo(2);
        assertThat(uploader.stats().lastError()).contains("refused the agent's token", "401");

        server.acceptToken(FakeAgentServer.TOKEN);
        assertThat(uploader.deliverOnce()).isEqualTo(Uploader.Outcome.DELIVERED);
        assertThat(server.storedSeqs()).containsOnly(Map.entry("fingerprint", oneTo(3)));
    }

    @Test
    void halvesTheBatchWhenTheServerSaysItIsTooLarge() throws Exception {
        emitPunches(10);
        server.maxEvents(3);
        Uploader uploader = new Uploader(outbox, http, FAST.withBatchSize(10), Clock.systemUTC());

        assertThat(uploader.deliverOnce()).isEqualTo(Uploader.Outcome.SHRUNK);
        assertThat(uploader.stats().batchSize()).isEqualTo(5);
        for (int attempt = 0; attempt < 20 && outbox.pendingCount() > 0; attempt++) {
            uploader.deliverOnce();
        }

        assertThat(outbox.pendingCount()).isZero();
        assertThat(outbox.rejectedCount()).isZero();
        assertThat(server.storedSeqs()).containsOnly(Map.entry("fingerprint", oneTo(10)));
        assertThat(server.eventRequestSizes()).startsWith(10, 5, 2);
    }

    @Test
    void movesThePoisonEventAsideAndTheRestFlows() throws Exception {
        emitPunches(2);
        outbox.emit("fingerprint", "punch", AT, punch(-1));
        emitPunches(2);

        try (Uploader uploader = new Uploader(outbox, http, FAST, Clock.systemUTC())) {
            uploader.start();
            eventually(() -> outbox.pendingCount() == 0);
            uploader.close(); // joins the thread, so the stats below are final

            assertThat(server.storedSeqs()).containsOnly(Map.entry("fingerprint", List.of(1L, 2L, 4L, 5L)));
            assertThat(server.eventStatuses()).containsExactly(422, 200);
            List<RejectedEvent> rejected = outbox.rejected(10);
            assertThat(rejected).hasSize(1);
            assertThat(rejected.get(0).event().key()).isEqualTo("fingerprint#3");
            assertThat(rejected.get(0).reason()).isEqualTo("events[2].slot: must be 0 or more");
            assertThat(uploader.stats().rejected()).isEqualTo(1);
            assertThat(uploader.stats().lastError()).contains("fingerprint#3");
            assertThat(uploader.stats().consecutiveFailures()).isZero();
        }
    }

    @Test
    void narrowsDownAnUnnamedPoisonEventByHalving() throws Exception {
        server.namePoisonIndex(false);
        emitPunches(5);
        outbox.emit("fingerprint", "punch", AT, Map.of("sensor", "cua-chinh", "slot", 1));
        emitPunches(2);

        try (Uploader uploader = new Uploader(outbox, http, FAST, Clock.systemUTC())) {
            uploader.start();
            eventually(() -> outbox.pendingCount() == 0);
            uploader.close(); // joins the thread, so the stats below are final

            assertThat(server.storedSeqs()).containsOnly(Map.entry("fingerprint", List.of(1L, 2L, 3L, 4L, 5L, 7L, 8L)));
            assertThat(outbox.rejected(10)).extracting(r -> r.event().key()).containsExactly("fingerprint#6");
        }
    }

    @Test
    void closeDeliversWhatIsLeftWhenTheServerIsReachable() {
        emitPunches(3);
        new Uploader(outbox, http, FAST, Clock.systemUTC()).close();

        assertThat(outbox.pendingCount()).isZero();
        assertThat(server.storedSeqs()).containsOnly(Map.entry("fingerprint", oneTo(3)));
    }
}
