package vn.onduty.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static vn.onduty.server.testing.Events.STREAM;
import static vn.onduty.server.testing.Events.enrolled;
import static vn.onduty.server.testing.Events.heartbeat;
import static vn.onduty.server.testing.Events.punch;
import static vn.onduty.server.testing.Events.punches;
import static vn.onduty.server.testing.Events.sensorStatus;
import static vn.onduty.server.testing.Events.unrecognisedTouch;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.TestDatabase.row;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Fingerprints;
import vn.onduty.server.testing.Fingerprints.Sensor;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The agent's way in ({@code POST /api/agent/events}, {@code /heartbeat}, {@code /me}) against the
 * real server and database: exactly once, whole or nothing, size limits, and whose token counts.
 * Every test has an agent of its own, so its rows are the ones {@code agent_id} names.
 */
class IngestIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(IngestIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    /** What an event batch may change. */
    static final List<String> TABLES = List.of("agent_event", "punch", "sensor", "enrollment", "agent_command",
            "punch_resolution", "audit_event");
    static final Instant MORNING = Instant.parse("2026-11-26T00:31:05.123Z");

    static Api admin;
    static long site;
    static long staff;
    DeviceAgent agent;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().createdBy(admin);
        staff = aStaff(aDepartment().createdBy(admin), site).with("fullName", "Phạm Thị Hoa").createdBy(admin);
    }

    @BeforeEach
    void newAgent() {
        agent = DeviceAgent.register(APP, admin, site);
    }

    // ---- exactly once ----

    @Test
    void storesEveryEventAsSentAndAcknowledgesTheHighestSeqOfEachStream() throws Exception {
        List<Map<String, Object>> batch = List.of(
                punch(STREAM, 41, MORNING, "cua-chinh", 5),
                unrecognisedTouch("cua-phu", 7, MORNING.plusSeconds(2), "cua-phu"),
                unrecognisedTouch(STREAM, 42, MORNING.plusSeconds(4), "cua-chinh"));

        Reply r = agent.send(batch);

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json()).isEqualTo(Api.JSON.readTree("{\"acknowledged\": {\"fingerprint\": 42, \"cua-phu\": 7}}"));
        assertThat(storedEvents()).containsExactly(
                new StoredEvent("cua-phu", 7, "unrecognised_touch", MORNING.plusSeconds(2), sent(batch.get(1))),
                new StoredEvent(STREAM, 41, "punch", MORNING, sent(batch.get(0))),
                new StoredEvent(STREAM, 42, "unrecognised_touch", MORNING.plusSeconds(4), sent(batch.get(2))));
        assertThat(DB.rows("""
                select p.seq, s.name as sensor, p.slot, p.score, p.staff_id
                  from punch p join sensor s on s.id = p.sensor_id where p.agent_id = ?""", agent.id()))
                .containsExactly(row("seq", 41L, "sensor", "cua-chinh", "slot", 5, "score", 80, "staff_id", null));
        assertThat(DB.rows("select name from sensor where agent_id = ? order by name", agent.id()))
                .containsExactly(Map.of("name", "cua-chinh"), Map.of("name", "cua-phu"));
    }

    @Test
    void resentBatchChangesNoRowAndGetsAByteIdenticalAnswer() {
        Sensor sensor = Fingerprints.sensor(admin, agent, "cua-chinh");
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);
        List<Map<String, Object>> batch = List.of(
                enrolled(STREAM, 1, MORNING, "cua-chinh", command, 3),
                punch(STREAM, 2, MORNING.plusSeconds(60), "cua-chinh", 3),
                punch(STREAM, 3, MORNING.plusSeconds(70), "cua-chinh", 9),
                unrecognisedTouch(STREAM, 4, MORNING.plusSeconds(80), "cua-phu"));
        Reply first = agent.send(batch);
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        Map<String, String> before = DB.snapshot(TABLES);

        Reply again = agent.send(batch);

        assertThat(again.status()).as("%s", again).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body()).isEqualTo("{\"acknowledged\":{\"fingerprint\":4}}");
        assertThat(DB.snapshot(TABLES)).isEqualTo(before);
        // ...and the first delivery did all there was to do, so "nothing changed" is not vacuous.
        assertThat(DB.count("agent_event", "agent_id = " + agent.id())).isEqualTo(4);
        assertThat(DB.rows("select slot, staff_id from punch where agent_id = ? order by seq", agent.id()))
                .containsExactly(row("slot", 3, "staff_id", staff), row("slot", 9, "staff_id", null));
        assertThat(DB.count("enrollment", "command_id = " + command)).isEqualTo(1);
        assertThat(DB.count("audit_event", "action = 'enrollment.create' and after->>'commandId' = '" + command + "'")).isEqualTo(1);
    }

    @Test
    void eventWhoseSeqIsStoredIsNotChangedByADifferentEventWithTheSameSeq() {
        agent.deliver(punch(STREAM, 1, MORNING, "cua-chinh", 3));

        Reply r = agent.send(punch(STREAM, 1, MORNING.plusSeconds(3600), "cua-chinh", 8), punch(STREAM, 2, MORNING, "cua-chinh", 8));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(DB.rows("select seq, slot, at = ? as first_at from punch where agent_id = ? order by seq",
                java.sql.Timestamp.from(MORNING), agent.id()))
                .containsExactly(row("seq", 1L, "slot", 3, "first_at", true), row("seq", 2L, "slot", 8, "first_at", true));
    }

    @Test
    void overlappingBatchesStoreEachEventOnce() {
        Reply first = agent.send(punches(STREAM, 1, 10, MORNING, "cua-chinh", 5));
        Reply second = agent.send(punches(STREAM, 5, 15, MORNING, "cua-chinh", 5));

        assertThat(first.body()).isEqualTo("{\"acknowledged\":{\"fingerprint\":10}}");
        assertThat(second.body()).isEqualTo("{\"acknowledged\":{\"fingerprint\":15}}");
        assertThat(seqs("agent_event")).containsExactlyElementsOf(range(1, 15));
        assertThat(seqs("punch")).containsExactlyElementsOf(range(1, 15));
    }

    @Test
    void batchesArrivingOutOfOrderAreBothStored() {
        Reply later = agent.send(punches(STREAM, 11, 20, MORNING, "cua-chinh", 5));
        Reply earlier = agent.send(punches(STREAM, 1, 10, MORNING, "cua-chinh", 5));

        assertThat(later.body()).isEqualTo("{\"acknowledged\":{\"fingerprint\":20}}");
        assertThat(earlier.body()).isEqualTo("{\"acknowledged\":{\"fingerprint\":10}}");
        assertThat(seqs("agent_event")).containsExactlyElementsOf(range(1, 20));
        assertThat(seqs("punch")).containsExactlyElementsOf(range(1, 20));
    }

    @Test
    void concurrentBatchesOnSeveralStreamsStoreEveryEventExactlyOnce() throws Exception {
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            for (int b = 0; b < 4; b++) {
                batches.add(punches("rieng-" + s, b * 25 + 1, b * 25 + 25, MORNING, "cua-" + s, 5));
            }
        }
        // One stream, re-sent in overlapping windows as an agent does after timeouts.
        for (int start = 1; start <= 81; start += 20) {
            batches.add(punches("chung", start, start + 39, MORNING, "cua-chinh", 5));
        }
        batches.add(punches("chung", 1, 120, MORNING, "cua-chinh", 5));
        // Batches that hold two streams, in either order.
        batches.add(concat(punches("a", 1, 30, MORNING, "cua-a", 1), punches("b", 1, 30, MORNING, "cua-b", 1)));
        batches.add(concat(punches("b", 1, 30, MORNING, "cua-b", 1), punches("a", 1, 30, MORNING, "cua-a", 1)));
        batches.add(concat(punches("a", 16, 45, MORNING, "cua-a", 1), punches("b", 16, 45, MORNING, "cua-b", 1)));
        batches.add(concat(punches("b", 16, 45, MORNING, "cua-b", 1), punches("a", 16, 45, MORNING, "cua-a", 1)));
        List<List<Map<String, Object>>> all = new ArrayList<>(batches);
        all.addAll(batches);
        Collections.shuffle(all, new Random(26));

        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Reply>> replies = new ArrayList<>();
        try {
            for (List<Map<String, Object>> batch : all) {
                replies.add(pool.submit(() -> agent.send(batch)));
            }
            for (Future<Reply> f : replies) {
                Reply r = f.get(2, TimeUnit.MINUTES);
                assertThat(r.status()).as("%s", r).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(DB.rows("""
                select stream, count(*) as events, count(distinct seq) as seqs, min(seq) as first, max(seq) as last
                  from agent_event where agent_id = ? group by stream order by stream""", agent.id()))
                .containsExactly(
                        row("stream", "a", "events", 45L, "seqs", 45L, "first", 1L, "last", 45L),
                        row("stream", "b", "events", 45L, "seqs", 45L, "first", 1L, "last", 45L),
                        row("stream", "chung", "events", 120L, "seqs", 120L, "first", 1L, "last", 120L),
                        row("stream", "rieng-0", "events", 100L, "seqs", 100L, "first", 1L, "last", 100L),
                        row("stream", "rieng-1", "events", 100L, "seqs", 100L, "first", 1L, "last", 100L),
                        row("stream", "rieng-2", "events", 100L, "seqs", 100L, "first", 1L, "last", 100L),
                        row("stream", "rieng-3", "events", 100L, "seqs", 100L, "first", 1L, "last", 100L));
        assertThat(DB.count("punch", "agent_id = " + agent.id())).isEqualTo(610);
        assertThat(DB.count("sensor", "agent_id = " + agent.id())).isEqualTo(7);
    }

    @Test
    void batchesHoldingTwoStreamsInOppositeOrderAreStoredSideBySide() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int pair = 0; pair < 12; pair++) {
                List<Map<String, Object>> a = punches("a" + pair, 1, 300, MORNING, "cua-a", 1);
                List<Map<String, Object>> b = punches("b" + pair, 1, 300, MORNING, "cua-b", 1);
                // Released together, each takes the same rows' locks; in opposite orders they deadlocked (500).
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Reply> ab = pool.submit(() -> {
                    together.await();
                    return agent.send(concat(a, b));
                });
                Future<Reply> ba = pool.submit(() -> {
                    together.await();
                    return agent.send(concat(b, a));
                });
                for (Future<Reply> f : List.of(ab, ba)) {
                    Reply r = f.get(2, TimeUnit.MINUTES);
                    assertThat(r.status()).as("pair %d: %s", pair, r).isEqualTo(200);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(DB.count("agent_event", "agent_id = " + agent.id())).isEqualTo(12 * 600);
        assertThat(DB.count("punch", "agent_id = " + agent.id())).isEqualTo(12 * 600);
    }

    // ---- whole or nothing ----

    static Stream<Arguments> brokenFourthRecords() {
        return Stream.of(
                broken("a punch without a slot", e -> e.remove("slot"), "events[3].slot: must be an integer of 0 or more"),
                broken("a negative seq", e -> e.put("seq", -4), "events[3].seq: must be an integer of 1 or more"),
                broken("an at that is not an instant", e -> e.put("at", "26/11/2026 07:31"),
                        "events[3].at: must be an ISO-8601 instant"),
                broken("an unknown type", e -> e.put("type", "thumbprint"),
                        "events[3].type: must be one of enrollment_result, occupancy, punch, slot_deleted, unrecognised_touch, zone_attention, zone_calibrated"),
                broken("a stream name with capitals and spaces", e -> e.put("stream", "Vân tay"),
                        "events[3].stream: must be 1-64 characters"),
                broken("the stream and seq of events[1]", e -> e.put("seq", 2),
                        "events[3]: repeats stream 'fingerprint' seq 2 of events[1]"));
    }

    private static Arguments broken(String what, Consumer<Map<String, Object>> change, String detail) {
        return arguments(what, change, detail);
    }

    @ParameterizedTest(name = "events[3] has {0}")
    @MethodSource("brokenFourthRecords")
    void refusesTheWholeBatchWhenOneRecordIsInvalid(String what, Consumer<Map<String, Object>> change, String detail) {
        List<Map<String, Object>> batch = batchAroundAnOpenCommand();
        change.accept(batch.get(3));

        assertRefusedWhole(batch, detail);
    }

    @Test
    void refusesTheWholeBatchWhenAResultNamesAnUnknownCommand() {
        List<Map<String, Object>> batch = batchAroundAnOpenCommand();
        batch.set(3, enrolled(STREAM, 4, MORNING.plusSeconds(30), "cua-chinh", 987_654, 4));

        assertRefusedWhole(batch, "events[3].commandId: no enroll command 987654 for this agent");
    }

    @Test
    void refusesTheWholeBatchWhenAResultNamesAnotherAgentsCommand() {
        DeviceAgent other = DeviceAgent.register(APP, admin, site);
        long theirs = Fingerprints.requestEnrollment(admin, Fingerprints.sensor(admin, other, "cua-chinh"), staff);
        List<Map<String, Object>> batch = batchAroundAnOpenCommand();
        batch.set(3, enrolled(STREAM, 4, MORNING.plusSeconds(30), "cua-chinh", theirs, 4));

        assertRefusedWhole(batch, "events[3].commandId: no enroll command " + theirs + " for this agent");
        assertThat(Fingerprints.command(admin, theirs).get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void refusesTheWholeBatchWhenAResultNamesAnotherSensorThanItsCommands() {
        List<Map<String, Object>> batch = batchAroundAnOpenCommand();
        Fingerprints.sensor(admin, agent, "cua-phu");
        long command = ((Number) batch.get(0).get("commandId")).longValue();
        batch.get(0).put("sensor", "cua-phu");

        Map<String, String> before = DB.snapshot(TABLES);
        Reply r = agent.send(batch);

        assertThat(r.status()).as("%s", r).isEqualTo(422);
        assertThat(details(r)).singleElement().asString().startsWith("events[0].sensor: command " + command + " is for sensor");
        assertThat(DB.snapshot(TABLES)).isEqualTo(before);
    }

    /** Five valid events, the first of which would complete an enroll command of this agent. */
    private List<Map<String, Object>> batchAroundAnOpenCommand() {
        long command = Fingerprints.requestEnrollment(admin, Fingerprints.sensor(admin, agent, "cua-chinh"), staff);
        return new ArrayList<>(List.of(
                enrolled(STREAM, 1, MORNING, "cua-chinh", command, 3),
                punch(STREAM, 2, MORNING.plusSeconds(10), "cua-chinh", 3),
                unrecognisedTouch(STREAM, 3, MORNING.plusSeconds(20), "cua-phu"),
                punch(STREAM, 4, MORNING.plusSeconds(30), "cua-chinh", 3),
                punch(STREAM, 5, MORNING.plusSeconds(40), "cua-chinh", 3)));
    }

    private void assertRefusedWhole(List<Map<String, Object>> batch, String detail) {
        Map<String, String> before = DB.snapshot(TABLES);

        Reply r = agent.send(batch);

        assertThat(r.status()).as("%s", r).isEqualTo(422);
        assertThat(r.json().get("code").asInt()).isEqualTo(422);
        assertThat(details(r)).as("%s", r).singleElement().asString().startsWith(detail);
        assertThat(DB.snapshot(TABLES)).as("rows after %s", r).isEqualTo(before);
        assertThat(DB.count("agent_event", "agent_id = " + agent.id())).isZero();
    }

    // ---- limits ----

    @Test
    void acceptsABatchOfExactlyAThousandEvents() {
        Reply r = agent.send(punches(STREAM, 1, 1000, MORNING, "cua-chinh", 5));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"acknowledged\":{\"fingerprint\":1000}}");
        assertThat(DB.count("punch", "agent_id = " + agent.id())).isEqualTo(1000);
    }

    @Test
    void refusesABatchOfMoreThanAThousandEventsWith413() {
        Reply r = agent.send(punches(STREAM, 1, 1001, MORNING, "cua-chinh", 5));

        assertThat(r.status()).as("%s", r).isEqualTo(413);
        assertThat(r.json().get("code").asInt()).isEqualTo(413);
        assertThat(r.json().get("message").asText()).contains("1001").contains("1000");
        assertThat(DB.count("agent_event", "agent_id = " + agent.id())).isZero();
    }

    @Test
    void refusesABodyOverOneMebibyteWith413() throws Exception {
        // Valid events made large by a field the server keeps but does not read.
        String padding = "x".repeat(120_000);
        List<Map<String, Object>> nine = new ArrayList<>(punches(STREAM, 1, 9, MORNING, "cua-chinh", 5));
        nine.forEach(e -> e.put("note", padding));
        String body = Api.JSON.writeValueAsString(Map.of("events", nine));
        assertThat(body.length()).isBetween((1 << 20) + 1, (1 << 20) + 100_000);

        Reply tooBig = agent.api().postRaw("/api/agent/events", "application/json", body);

        assertThat(tooBig.status()).as("%s", tooBig).isEqualTo(413);
        assertThat(tooBig.json().get("code").asInt()).isEqualTo(413);
        assertThat(DB.count("agent_event", "agent_id = " + agent.id())).isZero();
        // The same events, one fewer, fit: it is the size that was refused.
        Reply fits = agent.send(nine.subList(0, 8));
        assertThat(fits.status()).as("%s", fits).isEqualTo(200);
        assertThat(DB.count("agent_event", "agent_id = " + agent.id())).isEqualTo(8);
    }

    @Test
    void anAgentBringsAtMostSixteenSensorsIntoBeing() {
        List<Map<String, Object>> sixteen = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            sixteen.add(sensorStatus("cam-bien-" + i, true, 162, 0, 0, 0));
        }
        assertThat(heartbeatOf(sixteen).status()).isEqualTo(200);
        Map<String, String> before = DB.snapshot(TABLES);

        List<Map<String, Object>> seventeen = new ArrayList<>(sixteen);
        seventeen.add(sensorStatus("bia-dat", true, 162, 0, 0, 0));
        Reply byHeartbeat = heartbeatOf(seventeen);
        Reply byPunch = agent.send(punch(STREAM, 1, MORNING, "bia-dat-2", 5));

        for (Reply r : List.of(byHeartbeat, byPunch)) {
            assertThat(r.status()).as("%s", r).isEqualTo(422);
            assertThat(r.json().get("details").get(0).asText()).contains("already has 16 sensors", "at most 16",
                    "sensors.maxPerAgent");
        }
        assertThat(DB.snapshot(TABLES)).isEqualTo(before);
        assertThat(agent.send(punch(STREAM, 2, MORNING, "cam-bien-3", 5)).status()).as("a sensor it has").isEqualTo(200);
    }

    @Test
    void parallelRequestsNamingNewSensorsCannotTogetherPassTheLimit() throws Exception {
        List<Map<String, Object>> first = new ArrayList<>();
        List<Map<String, Object>> second = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            first.add(sensorStatus("a-" + i, true, 162, 0, 0, 0));
            second.add(sensorStatus("b-" + i, true, 162, 0, 0, 0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            Future<Reply> a = pool.submit(() -> {
                together.await();
                return heartbeatOf(first);
            });
            Future<Reply> b = pool.submit(() -> {
                together.await();
                return heartbeatOf(second);
            });
            assertThat(List.of(a.get(30, TimeUnit.SECONDS).status(), b.get(30, TimeUnit.SECONDS).status()))
                    .containsExactlyInAnyOrder(200, 422);
        } finally {
            pool.shutdownNow();
        }
        assertThat(DB.count("sensor", "agent_id = " + agent.id())).isEqualTo(9);
    }

    @Test
    void refusesMalformedJsonWith400() {
        Reply r = agent.api().postRaw("/api/agent/events", "application/json",
                "{\"events\": [{\"stream\": \"fingerprint\", \"seq\": 1, \"type\": \"punch\",");

        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).startsWith("Malformed JSON");
        assertThat(DB.count("agent_event", "agent_id = " + agent.id())).isZero();
    }

    // ---- tokens ----

    @Test
    void refusesEventsWithoutATokenWith401() {
        assertRefusedBy(Api.at(APP), 401);
    }

    @Test
    void refusesEventsWithAnUnknownAgentTokenWith401() {
        assertRefusedBy(Api.at(APP).as("agt_" + "k".repeat(43)), 401);
    }

    @Test
    void refusesEventsSentWithAPersonsSessionTokenWith403() {
        assertRefusedBy(admin, 403);
    }

    @Test
    void refusesEventsFromADeactivatedAgentWith401() {
        assertThat(admin.post("/api/agents/" + agent.id() + "/deactivate", null).status()).isEqualTo(200);

        assertRefusedBy(agent.api(), 401);
        assertThat(agent.api().get("/api/agent/me").status()).isEqualTo(401);
    }

    @Test
    void afterRotationTheOldTokenIsRefusedAndTheNewOneAccepted() {
        Reply rotated = admin.post("/api/agents/" + agent.id() + "/rotate-token", null);
        assertThat(rotated.status()).as("%s", rotated).isEqualTo(200);
        String newToken = rotated.json().get("token").asText();
        assertThat(newToken).startsWith("agt_").isNotEqualTo(agent.token());

        assertRefusedBy(agent.api(), 401);
        Reply r = Api.at(APP).as(newToken).post("/api/agent/events", Map.of("events", List.of(punch(STREAM, 1, MORNING, "cua-chinh", 5))));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(seqs("agent_event")).containsExactly(1L);
    }

    private void assertRefusedBy(Api caller, int status) {
        Map<String, String> before = DB.snapshot(TABLES);

        Reply r = caller.post("/api/agent/events", Map.of("events", List.of(punch(STREAM, 1, MORNING, "cua-chinh", 5))));

        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.json().get("code").asInt()).isEqualTo(status);
        assertThat(DB.snapshot(TABLES)).isEqualTo(before);
    }

    @Test
    void meNamesTheTokensAgentAndSiteWithTheServersClock() {
        Reply r = agent.api().get("/api/agent/me");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().get("agentId").asLong()).isEqualTo(agent.id());
        assertThat(r.json().get("siteId").asLong()).isEqualTo(site);
        assertThat(r.json().get("name").asText()).startsWith("May tram ");
        assertThat(Duration.between(Instant.parse(r.json().get("serverTime").asText()), Instant.now()).abs())
                .isLessThan(Duration.ofMinutes(1));
    }

    // ---- heartbeat ----

    @Test
    void heartbeatRecordsEachSensorsLatestState() {
        Instant at = Instant.parse("2026-11-26T00:31:10Z");
        Map<String, Object> broken = sensorStatus("cua-phu", false, 300, 0, 0, 0);
        broken.put("port", "/dev/ttyUSB1");
        broken.put("lastError", "No reply from the sensor on /dev/ttyUSB1");

        Reply r = agent.heartbeat(heartbeat(at, sensorStatus("cua-chinh", true, 162, 12, 3, 5), broken));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(Duration.between(Instant.parse(r.json().get("serverTime").asText()), Instant.now()).abs())
                .isLessThan(Duration.ofMinutes(1));
        JsonNode main = sensorNamed("cua-chinh");
        assertThat(main.get("port").asText()).isEqualTo("/dev/ttyUSB0");
        assertThat(main.get("connected").asBoolean()).isTrue();
        assertThat(main.get("capacity").asInt()).isEqualTo(162);
        assertThat(main.get("templates").asInt()).isEqualTo(12);
        assertThat(main.get("unrecognisedTouches").asLong()).isEqualTo(3);
        assertThat(main.get("duplicatesIgnored").asLong()).isEqualTo(5);
        assertThat(Instant.parse(main.get("statusAt").asText())).isEqualTo(at);
        JsonNode side = sensorNamed("cua-phu");
        assertThat(side.get("connected").asBoolean()).isFalse();
        assertThat(side.get("capacity").asInt()).isEqualTo(300);
        assertThat(side.get("lastError").asText()).isEqualTo("No reply from the sensor on /dev/ttyUSB1");
    }

    @Test
    void anOlderHeartbeatDoesNotOverwriteANewerOne() {
        Instant newer = Instant.parse("2026-11-26T00:31:25Z");
        Instant older = newer.minusSeconds(15);
        assertThat(agent.heartbeat(heartbeat(newer, sensorStatus("cua-chinh", true, 162, 12, 3, 5))).status()).isEqualTo(200);

        Reply late = agent.heartbeat(heartbeat(older, sensorStatus("cua-chinh", false, 162, 11, 2, 4)));

        assertThat(late.status()).as("%s", late).isEqualTo(200);
        JsonNode kept = sensorNamed("cua-chinh");
        assertThat(kept.get("connected").asBoolean()).isTrue();
        assertThat(kept.get("templates").asInt()).isEqualTo(12);
        assertThat(kept.get("unrecognisedTouches").asLong()).isEqualTo(3);
        assertThat(Instant.parse(kept.get("statusAt").asText())).isEqualTo(newer);
        // A later one still wins.
        agent.heartbeat(heartbeat(newer.plusSeconds(15), sensorStatus("cua-chinh", true, 162, 13, 3, 5)));
        assertThat(sensorNamed("cua-chinh").get("templates").asInt()).isEqualTo(13);
    }

    @Test
    void refusesAHeartbeatWithoutItsTimeWith422() {
        Map<String, Object> heartbeat = heartbeat(MORNING, sensorStatus("cua-chinh", true, 162, 12, 3, 5));
        heartbeat.remove("at");

        Reply r = agent.heartbeat(heartbeat);

        assertThat(r.status()).as("%s", r).isEqualTo(422);
        assertThat(DB.count("sensor", "agent_id = " + agent.id())).isZero();
    }

    // ---- helpers ----

    private Reply heartbeatOf(List<Map<String, Object>> sensors) {
        Map<String, Object> beat = heartbeat(MORNING);
        beat.put("sensors", sensors);
        return agent.api().post("/api/agent/heartbeat", beat);
    }

    record StoredEvent(String stream, long seq, String type, Instant at, JsonNode payload) {}

    private List<StoredEvent> storedEvents() {
        return DB.jdbi().withHandle(h -> h.createQuery(
                        "select stream, seq, type, at, payload::text as payload from agent_event where agent_id = :agent order by stream, seq")
                .bind("agent", agent.id())
                .map((rs, ctx) -> new StoredEvent(rs.getString("stream"), rs.getLong("seq"), rs.getString("type"),
                        rs.getTimestamp("at").toInstant(), json(rs.getString("payload"))))
                .list());
    }

    private List<Long> seqs(String table) {
        return DB.rows("select seq from " + table + " where agent_id = ? order by seq", agent.id()).stream()
                .map(r -> (Long) r.get("seq")).toList();
    }

    private JsonNode sensorNamed(String name) {
        Reply r = admin.get("/api/sensors?siteId=" + site);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return StreamSupport.stream(r.json().spliterator(), false)
                .filter(s -> s.get("agentId").asLong() == agent.id() && s.get("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no sensor " + name + " in " + r));
    }

    private static List<String> details(Reply r) {
        return StreamSupport.stream(r.json().path("details").spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    @SafeVarargs
    private static List<Map<String, Object>> concat(List<Map<String, Object>>... parts) {
        return Stream.of(parts).flatMap(List::stream).toList();
    }

    /** An event as the server read it off the wire. */
    private static JsonNode sent(Map<String, Object> event) {
        try {
            return json(Api.JSON.writeValueAsString(event));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Api.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
