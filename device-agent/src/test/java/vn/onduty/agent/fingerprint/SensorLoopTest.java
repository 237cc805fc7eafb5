package vn.onduty.agent.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.onduty.agent.sim.SimulatedSensor;

/** The sensor loop against a simulated module over an in-memory wire: behaviour, not the serial line. */
class SensorLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant START = Instant.parse("2026-11-26T00:30:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final RecordingEventSink sink = new RecordingEventSink();
    private SensorLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.close();
        }
    }

    private SimulatedSensor sensor(int capacity, int fingers) {
        SimulatedSensor sensor = new SimulatedSensor(capacity, clock, 1L);
        sensor.enrollFingers(fingers);
        return sensor;
    }

    private SensorLoop start(SimulatedSensor sensor) {
        return start(sensor, SensorSettings.of("cua-chinh", "sim"));
    }

    private SensorLoop start(SimulatedSensor sensor, SensorSettings settings) {
        return start(new SimulatedSensorLink(sensor), settings);
    }

    private SensorLoop start(SimulatedSensorLink link, SensorSettings settings) {
        loop = new SensorLoop(settings.withPollInterval(Duration.ofMillis(5)), (port, baud) -> link, sink, clock);
        loop.start();
        Eventually.until(WAIT, () -> loop.status().connected(), () -> "never connected: " + loop.status());
        return loop;
    }

    private static void awaitTouchesDone(SimulatedSensor sensor) {
        long polls = sensor.genImgCount();
        Eventually.until(WAIT, () -> sensor.pendingTouches() == 0 && sensor.genImgCount() > polls + 3, "touches not consumed");
        long after = sensor.genImgCount();
        Eventually.until(WAIT, () -> sensor.genImgCount() > after + 3, "loop stopped polling");
    }

    @Test
    void reportsTheModulesCapacityAndTemplateCountOnceConnected() {
        start(sensor(300, 12));

        SensorStatus status = loop.status();
        assertThat(status.name()).isEqualTo("cua-chinh");
        assertThat(status.port()).isEqualTo("sim");
        assertThat(status.capacity()).isEqualTo(300);
        assertThat(status.templates()).isEqualTo(12);
        assertThat(status.lastError()).isNull();
    }

    @Test
    void punchesTheMatchedSlotOnceForATouchHeldAcrossManyPolls() {
        SimulatedSensor sensor = sensor(162, 5);
        start(sensor);

        sensor.touch(3, 10);
        awaitTouchesDone(sensor);

        List<RecordingEventSink.Event> punches = sink.await("punch", 1, WAIT);
        assertThat(sink.events()).hasSize(1);
        RecordingEventSink.Event punch = punches.get(0);
        assertThat(punch.stream()).isEqualTo("fingerprint");
        assertThat(punch.at()).isEqualTo(START);
        assertThat(punch.fields()).containsEntry("sensor", "cua-chinh").containsEntry("slot", 2)
                .containsEntry("score", SimulatedSensor.scoreOf(3));
        assertThat(loop.status().lastMatchAt()).isEqualTo(START);
    }

    @Test
    void searchesTheWholeLibraryTheModuleReportsNotAHardCodedPageCount() {
        SimulatedSensor sensor = sensor(1000, 0);
        sensor.enrollFinger(900, 77);
        start(sensor);

        sensor.touch(77, 2);

        assertThat(sink.await("punch", 1, WAIT).get(0).field("slot")).isEqualTo(900);
    }

    @Test
    void ignoresTheSameSlotWithinTheDuplicateWindowAndCountsIt() {
        SimulatedSensor sensor = sensor(162, 5);
        start(sensor);

        sensor.touch(2, 2);
        sink.await("punch", 1, WAIT);
        clock.advance(Duration.ofSeconds(59));
        sensor.touch(2, 2);
        awaitTouchesDone(sensor);
        clock.advance(Duration.ofSeconds(2));
        sensor.touch(2, 2);
        awaitTouchesDone(sensor);

        List<RecordingEventSink.Event> punches = sink.await("punch", 2, WAIT);
        assertThat(punches).extracting(e -> e.field("slot")).containsExactly(1, 1);
        assertThat(punches).extracting(RecordingEventSink.Event::at).containsExactly(START, START.plusSeconds(61));
        assertThat(loop.status().duplicatesIgnored()).isEqualTo(1);
        assertThat(loop.status().lastMatchAt()).isEqualTo(START.plusSeconds(61));
        assertThat(sink.events()).hasSize(2);
    }

    @Test
    void reportsAFingerNobodyEnrolledAsAnUnrecognisedTouch() {
        SimulatedSensor sensor = sensor(162, 5);
        start(sensor);

        sensor.touch(4242, 3);
        sensor.touch(1, 1);
        sink.await("punch", 1, WAIT);

        assertThat(sink.events()).extracting(RecordingEventSink.Event::type).containsExactly("unrecognised_touch", "punch");
        assertThat(sink.ofType("unrecognised_touch").get(0).fields()).containsOnlyKeys("sensor");
        assertThat(loop.status().unrecognisedTouches()).isEqualTo(1);
    }

    @Test
    void enrollsIntoTheFirstFreeSlotAndALaterTouchOfThatFingerPunchesIt() throws Exception {
        SimulatedSensor sensor = sensor(162, 0);
        sensor.enrollFinger(0, 1);
        sensor.enrollFinger(1, 2);
        sensor.enrollFinger(3, 4);
        start(sensor);
        List<String> steps = new CopyOnWriteArrayList<>();

        var result = loop.enroll(7, (step, message) -> steps.add(step.wireName()));
        Eventually.until(WAIT, () -> steps.contains("place_finger"), "enrollment never asked for a finger");
        sensor.touch(42, 2);
        sensor.touch(42, 2);

        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(new CommandResult(7, true, 2, null));
        assertThat(steps).containsExactly("started", "place_finger", "remove_finger", "place_again", "storing");
        assertThat(sink.await("enrollment_result", 1, WAIT).get(0).fields())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("sensor", "cua-chinh", "commandId", 7L, "ok", true, "slot", 2));
        assertThat(sensor.library()).containsEntry(2, 42);
        assertThat(loop.status().templates()).isEqualTo(4);

        sensor.touch(42, 2);
        assertThat(sink.await("punch", 1, WAIT).get(0).field("slot")).isEqualTo(2);
    }

    @Test
    void findsAFreeSlotWithLoadCharOnModulesWithoutReadIndexTable() throws Exception {
        SimulatedSensor sensor = sensor(162, 2);
        sensor.setIndexTableSupported(false);
        start(sensor);

        List<String> steps = new CopyOnWriteArrayList<>();
        var result = loop.enroll(8, (step, message) -> steps.add(step.wireName()));
        Eventually.until(WAIT, () -> steps.contains("place_finger"), "enrollment never asked for a finger");
        sensor.touch(50, 2);
        sensor.touch(50, 2);

        assertThat(result.get(10, TimeUnit.SECONDS).slot()).isEqualTo(2);
    }

    @Test
    void refusesToEnrollAFingerThatIsAlreadyInTheLibrary() throws Exception {
        SimulatedSensor sensor = sensor(162, 3);
        start(sensor);

        List<String> steps = new CopyOnWriteArrayList<>();
        var result = loop.enroll(9, (step, message) -> steps.add(step.wireName()));
        Eventually.until(WAIT, () -> steps.contains("place_finger"), "enrollment never asked for a finger");
        sensor.touch(2, 4);

        CommandResult outcome = result.get(10, TimeUnit.SECONDS);
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.error()).contains("already enrolled in slot 1");
        assertThat(sensor.library()).hasSize(3);
        awaitTouchesDone(sensor);
        assertThat(sink.ofType("punch")).as("the finger left on the window after enrolling").isEmpty();
    }

    @Test
    void retriesAnEnrollmentWhoseTwoReadsDoNotMatch() throws Exception {
        SimulatedSensor sensor = sensor(162, 0);
        start(sensor);
        List<String> steps = new CopyOnWriteArrayList<>();

        var result = loop.enroll(10, (step, message) -> steps.add(step.wireName() + ": " + message));
        // Not before the enrollment asks: until then the loop is still polling for punches and would take a touch
        // as one (the enrollment now reads the index table first, which left the race open long enough to lose).
        Eventually.until(WAIT, () -> steps.stream().anyMatch(s -> s.startsWith("place_finger")),
                "enrollment never asked for a finger");
        sensor.touch(60, 1);
        sensor.touch(61, 1);
        sensor.touch(62, 1);
        sensor.touch(62, 1);

        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(new CommandResult(10, true, 0, null));
        assertThat(steps).anyMatch(s -> s.startsWith("retry: the two reads did not match"));
        assertThat(sensor.library()).containsExactly(java.util.Map.entry(0, 62));
    }

    @Test
    void anEnrollmentRepeatsEachStepWhoseReplyWasLost() throws Exception {
        SimulatedSensor sensor = sensor(162, 3);
        SimulatedSensorLink link = new SimulatedSensorLink(sensor);
        start(link, SensorSettings.of("cua-chinh", "sim"));
        for (int instruction : new int[] {Instruction.READ_INDEX_TABLE, Instruction.IMG2TZ, Instruction.REG_MODEL,
                Instruction.STORE, Instruction.TEMPLATE_NUM}) {
            link.loseReplies(instruction, 1);
        }

        List<String> steps = new CopyOnWriteArrayList<>();
        var result = loop.enroll(12, (step, message) -> steps.add(step.wireName()));
        Eventually.until(WAIT, () -> steps.contains("place_finger"), "enrollment never asked for a finger");
        sensor.touch(70, 2);
        sensor.touch(70, 2);

        assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo(new CommandResult(12, true, 3, null));
        assertThat(sensor.library()).containsEntry(3, 70).hasSize(4);
        assertThat(link.received(Instruction.STORE)).as("Store sent again after its lost reply").isEqualTo(2);
        assertThat(link.received(Instruction.LOAD_CHAR)).as("a lost ReadIndexTable reply is not a refusal").isZero();
        assertThat(loop.status().templates()).isEqualTo(4);
    }

    @Test
    void aStepWhoseRepliesStayLostFailsTheEnrollmentWithTheReason() throws Exception {
        SimulatedSensor sensor = sensor(162, 0);
        SimulatedSensorLink link = new SimulatedSensorLink(sensor);
        start(link, SensorSettings.of("cua-chinh", "sim"));
        link.loseReplies(Instruction.REG_MODEL, 4);

        List<String> steps = new CopyOnWriteArrayList<>();
        var result = loop.enroll(13, (step, message) -> steps.add(step.wireName()));
        Eventually.until(WAIT, () -> steps.contains("place_finger"), "enrollment never asked for a finger");
        sensor.touch(71, 2);
        sensor.touch(71, 2);

        CommandResult outcome = result.get(20, TimeUnit.SECONDS);
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.error()).contains("RegModel").contains("no reply").contains("4 attempts");
        assertThat(link.received(Instruction.REG_MODEL)).isEqualTo(4);
        assertThat(sink.await("enrollment_result", 1, WAIT).get(0).field("error")).isEqualTo(outcome.error());
        assertThat(sensor.library()).isEmpty();
        Eventually.until(WAIT, () -> loop.status().connected(), "the sensor itself is fine");
    }

    @Test
    void failsAnEnrollmentWhenNobodyPlacesAFinger() throws Exception {
        SimulatedSensor sensor = sensor(162, 0);
        start(sensor, SensorSettings.of("cua-chinh", "sim").withFingerTimeout(Duration.ofMillis(200)));

        CommandResult outcome = loop.enroll(11, ProgressListener.NONE).get(10, TimeUnit.SECONDS);

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.error()).contains("no finger was placed");
        assertThat(loop.status().connected()).isTrue();
    }

    @Test
    void deletesASlotSoItsFingerNoLongerMatches() throws Exception {
        SimulatedSensor sensor = sensor(162, 3);
        start(sensor);

        CommandResult outcome = loop.deleteSlot(12, 1).get(10, TimeUnit.SECONDS);
        sensor.touch(2, 2);

        assertThat(outcome).isEqualTo(new CommandResult(12, true, 1, null));
        assertThat(sink.ofType("slot_deleted").get(0).fields())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("sensor", "cua-chinh", "commandId", 12L, "slot", 1, "ok", true));
        assertThat(sensor.library()).doesNotContainKey(1);
        assertThat(loop.status().templates()).isEqualTo(2);
        sink.await("unrecognised_touch", 1, WAIT);
    }

    @Test
    void runsACommandHandedOverTwiceOnlyOnce() throws Exception {
        SimulatedSensor sensor = sensor(162, 3);
        start(sensor);

        var first = loop.deleteSlot(13, 0);
        var second = loop.deleteSlot(13, 0);

        assertThat(second).isSameAs(first);
        first.get(10, TimeUnit.SECONDS);
        assertThat(loop.deleteSlot(13, 0)).isSameAs(first);
        assertThat(sink.ofType("slot_deleted")).hasSize(1);
    }

    @Test
    void refusesToDeleteASlotOutsideTheLibrary() throws Exception {
        start(sensor(162, 3));

        CommandResult outcome = loop.deleteSlot(14, 162).get(10, TimeUnit.SECONDS);

        assertThat(outcome.ok()).isFalse();
        assertThat(sink.ofType("slot_deleted").get(0).fields()).containsEntry("ok", false).containsEntry("slot", 162)
                .containsEntry("error", "slot 162 is outside 0..161");
    }

    @Test
    void staysDisconnectedWithTheReasonAndFailsCommandsWhileThePortCannotBeOpened() throws Exception {
        loop = new SensorLoop(SensorSettings.of("cua-phu", "/dev/ttyUSB9").withReconnect(Duration.ofMillis(20), Duration.ofMillis(100)),
                (port, baud) -> {
                    throw new IOException("no such device " + port);
                }, sink, clock);
        loop.start();

        Eventually.until(WAIT, () -> loop.status().lastError() != null, "no error recorded");
        CommandResult outcome = loop.enroll(15, ProgressListener.NONE).get(10, TimeUnit.SECONDS);

        assertThat(loop.status().connected()).isFalse();
        assertThat(loop.status().lastError()).contains("no such device /dev/ttyUSB9");
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.error()).contains("not connected");
        assertThat(sink.ofType("enrollment_result")).hasSize(1);
    }

    @Test
    void doesNotConnectWithTheWrongPasswordAndSaysSo() {
        SimulatedSensor sensor = new SimulatedSensor(162, 0xFFFFFFFF, 0x1234, clock, 1L);
        loop = new SensorLoop(SensorSettings.of("cua-chinh", "sim").withPassword(0x4321).withReconnect(Duration.ofMillis(20), Duration.ofMillis(100)),
                (port, baud) -> new SimulatedSensorLink(sensor), sink, clock);
        loop.start();

        Eventually.until(WAIT, () -> loop.status().lastError() != null, "no error recorded");
        assertThat(loop.status().connected()).isFalse();
        assertThat(loop.status().lastError()).contains("wrong password");
    }

    @Test
    void connectsToAPasswordProtectedModuleWithItsPassword() {
        SimulatedSensor sensor = new SimulatedSensor(162, 0xFFFFFFFF, 0x1234, clock, 1L);
        sensor.enrollFingers(2);

        start(sensor, SensorSettings.of("cua-chinh", "sim").withPassword(0x1234));
        sensor.touch(2, 2);

        assertThat(sink.await("punch", 1, WAIT).get(0).field("slot")).isEqualTo(1);
    }
}
