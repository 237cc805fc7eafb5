package vn.onduty.agent.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static vn.onduty.agent.fingerprint.ScriptedLink.after;
import static vn.onduty.agent.fingerprint.ScriptedLink.now;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SensorClientTest {

    private static final int ADDRESS = Frame.DEFAULT_ADDRESS;
    private static final byte[] FOUND_PAGE_5_SCORE_80 = Hex.bytes("EF 01 FF FF FF FF 07 00 07 00 00 05 00 50 00 63");
    private static final byte[] NO_FINGER = Hex.bytes("EF 01 FF FF FF FF 07 00 03 02 00 0C");
    private static final byte[] OK = Hex.bytes("EF 01 FF FF FF FF 07 00 03 00 00 0A");

    @Test
    void assemblesAReplyThatArrivesOneByteAtATimeAfterLineNoise() throws Exception {
        ScriptedLink link = new ScriptedLink(command -> {
            List<ScriptedLink.Chunk> chunks = new ArrayList<>();
            chunks.add(after(5, Hex.bytes("00 FF EF 13 EF")));
            for (int i = 0; i < FOUND_PAGE_5_SCORE_80.length; i++) {
                chunks.add(after(10 + i, new byte[] {FOUND_PAGE_5_SCORE_80[i]}));
            }
            return chunks;
        });
        SensorClient client = new SensorClient(link, ADDRESS);

        SearchResult result = client.highSpeedSearch(1, 0, 163);

        assertThat(result.found()).isTrue();
        assertThat(result.page()).isEqualTo(5);
        assertThat(result.score()).isEqualTo(80);
        assertThat(client.discardedBytes()).isEqualTo(5);
    }

    @Test
    void skipsALateSearchReplyWhileWaitingForGenImgsAcknowledge() throws Exception {
        SensorClient client = new SensorClient(new ScriptedLink(command -> List.of(
                after(20, FOUND_PAGE_5_SCORE_80), after(30, NO_FINGER))), ADDRESS);

        assertThat(client.genImg()).isEqualTo(Confirmation.NO_FINGER);
        assertThat(client.unexpectedFrames()).isEqualTo(1);
    }

    @Test
    void dropsWhatWasOnTheLineBeforeTheCommandWasSent() throws Exception {
        ScriptedLink link = new ScriptedLink(command -> List.of(after(20, NO_FINGER)));
        link.preload(OK);
        SensorClient client = new SensorClient(link, ADDRESS);

        assertThat(client.genImg()).isEqualTo(Confirmation.NO_FINGER);
    }

    @Test
    void ignoresAnAcknowledgeFromAnotherModuleAddress() throws Exception {
        byte[] otherModule = FrameCodec.encode(Frame.ack(0x00000001, (byte) 0x00));
        SensorClient client = new SensorClient(new ScriptedLink(command -> List.of(now(otherModule), after(10, NO_FINGER))), ADDRESS);

        assertThat(client.genImg()).isEqualTo(Confirmation.NO_FINGER);
        assertThat(client.unexpectedFrames()).isEqualTo(1);
    }

    @Test
    void givesUpAfterTheTimeoutWhenTheReplyIsTooSlowOrTruncatedOrBadlySummed() {
        byte[] truncated = java.util.Arrays.copyOf(FOUND_PAGE_5_SCORE_80, 10);
        byte[] badSum = FOUND_PAGE_5_SCORE_80.clone();
        badSum[badSum.length - 1] ^= 0x01;
        for (List<ScriptedLink.Chunk> reply : List.of(List.of(after(2_000, FOUND_PAGE_5_SCORE_80)), List.of(now(truncated)), List.of(now(badSum)))) {
            SensorClient client = new SensorClient(new ScriptedLink(command -> reply), ADDRESS);

            assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                    assertThatThrownBy(() -> client.execute(Instruction.highSpeedSearch(1, 0, 163), Duration.ofMillis(150)))
                            .isInstanceOf(SensorTimeoutException.class)
                            .hasMessageContaining("HighSpeedSearch"));
        }
    }

    @Test
    void handshakeRetriesWhileTheModuleIsStillBootingThenReadsItsCapacity() throws Exception {
        AtomicInteger commands = new AtomicInteger();
        byte[] sysPara = FrameCodec.encode(Frame.ack(ADDRESS, Hex.bytes("00 00 00 00 09 01 2C 00 03 FF FF FF FF 00 02 00 06")));
        SensorClient client = new SensorClient(new ScriptedLink(command -> {
            if (commands.incrementAndGet() <= 2) {
                return List.of();
            }
            return List.of(now(command.payloadByte(0) == Instruction.READ_SYS_PARA ? sysPara : OK));
        }), ADDRESS);

        SystemParameters parameters = client.handshake(0, 5, Duration.ofMillis(10));

        assertThat(parameters.capacity()).isEqualTo(300);
        assertThat(commands.get()).isEqualTo(4);
    }

    @Test
    void handshakeStopsAtAWrongPasswordInsteadOfRetrying() {
        byte[] wrongPassword = FrameCodec.encode(Frame.ack(ADDRESS, (byte) 0x13));
        ScriptedLink link = new ScriptedLink(command -> List.of(now(wrongPassword)));
        SensorClient client = new SensorClient(link, ADDRESS);

        assertThatThrownBy(() -> client.handshake(0x1234, 5, Duration.ofMillis(10)))
                .isInstanceOf(SensorRejectedException.class)
                .hasMessageContaining("wrong password");
        assertThat(link.commands()).hasSize(1);
    }

    @Test
    void reportsAVanishedPortAsALinkFailureNotATimeout() {
        ScriptedLink link = new ScriptedLink(command -> List.of());
        link.vanish();
        SensorClient client = new SensorClient(link, ADDRESS);

        assertThatThrownBy(client::genImg).isInstanceOf(SensorLinkException.class).hasMessageContaining("vanished");
    }
}
