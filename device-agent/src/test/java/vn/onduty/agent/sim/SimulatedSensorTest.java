package vn.onduty.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.onduty.agent.fingerprint.Frame;
import vn.onduty.agent.fingerprint.FrameCodec;
import vn.onduty.agent.fingerprint.Instruction;

class SimulatedSensorTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

    private static String wire(Optional<Frame> reply) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(FrameCodec.encode(reply.orElseThrow()));
    }

    @Test
    void answersAnEmptyWindowWithTheNoFingerReplyOfTheDesign() {
        SimulatedSensor sensor = new SimulatedSensor(162, clock, 1L);

        assertThat(wire(sensor.handle(Instruction.genImg().toFrame(-1)))).isEqualTo("EF 01 FF FF FF FF 07 00 03 02 00 0C");
    }

    @Test
    void answersASearchForAnUnknownFingerWithTheNotFoundReplyOfTheDesign() {
        SimulatedSensor sensor = new SimulatedSensor(162, clock, 1L);
        sensor.touch(5, 1);
        sensor.handle(Instruction.genImg().toFrame(-1));
        sensor.handle(Instruction.img2Tz(1).toFrame(-1));

        assertThat(wire(sensor.handle(Instruction.highSpeedSearch(1, 0, 163).toFrame(-1))))
                .isEqualTo("EF 01 FF FF FF FF 07 00 07 09 00 00 00 00 00 17");
    }

    @Test
    void staysSilentWhileBootingAndForAnotherAddress() {
        Clock later = Clock.offset(clock, Duration.ofMillis(500));
        SimulatedSensor sensor = new SimulatedSensor(162, Frame.DEFAULT_ADDRESS, 0, clock, 1L);
        sensor.setBootDelay(Duration.ofMillis(300));
        sensor.powerOn();

        assertThat(sensor.handle(Instruction.genImg().toFrame(-1))).isEmpty();
        SimulatedSensor booted = new SimulatedSensor(162, Frame.DEFAULT_ADDRESS, 0, later, 1L);
        assertThat(booted.handle(Instruction.genImg().toFrame(0x12345678))).isEmpty();
    }

    @Test
    void requiresThePasswordBeforeAnythingElseWhenOneIsSet() {
        SimulatedSensor sensor = new SimulatedSensor(162, Frame.DEFAULT_ADDRESS, 0x1234, clock, 1L);

        assertThat(sensor.handle(Instruction.genImg().toFrame(-1)).orElseThrow().payloadByte(0)).isEqualTo(0x21);
        assertThat(sensor.handle(Instruction.vfyPwd(0x9999).toFrame(-1)).orElseThrow().payloadByte(0)).isEqualTo(0x13);
        assertThat(sensor.handle(Instruction.vfyPwd(0x1234).toFrame(-1)).orElseThrow().payloadByte(0)).isEqualTo(0x00);
        assertThat(sensor.handle(Instruction.genImg().toFrame(-1)).orElseThrow().payloadByte(0)).isEqualTo(0x02);
    }

    @Test
    void endsEveryTouchWithAnEmptyPollSoTheReaderSeesTheLift() {
        SimulatedSensor sensor = new SimulatedSensor(162, clock, 1L);
        sensor.touch(1, 2);
        sensor.touch(2, 1);

        StringBuilder codes = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            codes.append(sensor.handle(Instruction.genImg().toFrame(-1)).orElseThrow().payloadByte(0));
        }

        assertThat(codes.toString()).isEqualTo("002022");
    }

    @Test
    void tellsTheMatchListenerOfEveryFoundFingerAndOfNothingElse() {
        SimulatedSensor sensor = new SimulatedSensor(162, clock, 1L);
        sensor.enrollFinger(7, 42);
        List<String> matches = new ArrayList<>();
        sensor.setMatchListener((finger, slot, score) -> matches.add(finger + "@" + slot + ":" + score));
        sensor.touch(42, 1);
        sensor.touch(99, 1);
        for (int touch = 0; touch < 2; touch++) {
            sensor.handle(Instruction.genImg().toFrame(-1));
            sensor.handle(Instruction.img2Tz(1).toFrame(-1));
            sensor.handle(Instruction.highSpeedSearch(1, 0, 162).toFrame(-1));
            sensor.handle(Instruction.genImg().toFrame(-1));
        }

        assertThat(matches).containsExactly("42@7:" + SimulatedSensor.scoreOf(42));
    }

    @Test
    void refusesToDeleteBeyondTheLibrary() {
        SimulatedSensor sensor = new SimulatedSensor(162, clock, 1L);
        sensor.enrollFingers(3);

        assertThat(sensor.handle(Instruction.deleteChar(161, 2).toFrame(-1)).orElseThrow().payloadByte(0)).isEqualTo(0x10);
        assertThat(sensor.handle(Instruction.deleteChar(0, 2).toFrame(-1)).orElseThrow().payloadByte(0)).isEqualTo(0x00);
        assertThat(sensor.library()).containsOnlyKeys(2);
    }
}
