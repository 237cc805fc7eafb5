package vn.onduty.agent.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InstructionTest {

    private static String wire(Instruction instruction) {
        return Hex.string(FrameCodec.encode(instruction.toFrame(Frame.DEFAULT_ADDRESS)));
    }

    @Test
    void buildsTheCommandFramesOfEveryInstructionTheAgentSends() {
        assertThat(wire(Instruction.vfyPwd(0))).isEqualTo("EF 01 FF FF FF FF 01 00 07 13 00 00 00 00 00 1B");
        assertThat(wire(Instruction.readSysPara())).isEqualTo("EF 01 FF FF FF FF 01 00 03 0F 00 13");
        assertThat(wire(Instruction.templateNum())).isEqualTo("EF 01 FF FF FF FF 01 00 03 1D 00 21");
        assertThat(wire(Instruction.img2Tz(2))).isEqualTo("EF 01 FF FF FF FF 01 00 04 02 02 00 09");
        assertThat(wire(Instruction.search(1, 0, 1000))).isEqualTo("EF 01 FF FF FF FF 01 00 08 04 01 00 00 03 E8 00 F9");
        assertThat(wire(Instruction.regModel())).isEqualTo("EF 01 FF FF FF FF 01 00 03 05 00 09");
        assertThat(wire(Instruction.store(1, 0x0105))).isEqualTo("EF 01 FF FF FF FF 01 00 06 06 01 01 05 00 14");
        assertThat(wire(Instruction.deleteChar(5, 1))).isEqualTo("EF 01 FF FF FF FF 01 00 07 0C 00 05 00 01 00 1A");
        assertThat(wire(Instruction.empty())).isEqualTo("EF 01 FF FF FF FF 01 00 03 0D 00 11");
        assertThat(wire(Instruction.readIndexTable(0))).isEqualTo("EF 01 FF FF FF FF 01 00 04 1F 00 00 24");
    }

    @Test
    void refusesParametersTheModuleCannotTakeRatherThanTruncatingThem() {
        assertThatThrownBy(() -> Instruction.img2Tz(3)).hasMessageContaining("buffer");
        assertThatThrownBy(() -> Instruction.highSpeedSearch(1, 0, 0x10000)).hasMessageContaining("page count");
        assertThatThrownBy(() -> Instruction.store(1, -1)).hasMessageContaining("page");
    }

    @Test
    void readsCapacityPacketSizeAndBaudFromReadSysPara() {
        Frame reply = FrameCodec.decode(Hex.bytes(
                "EF 01 FF FF FF FF 07 00 13 00 00 04 00 09 01 2C 00 03 FF FF FF FF 00 02 00 06 04 5B"), Frame.DEFAULT_ADDRESS);

        SystemParameters parameters = SystemParameters.parse(Reply.of(reply));

        assertThat(Instruction.readSysPara().acceptsReply(reply)).isTrue();
        assertThat(parameters.status()).isEqualTo(4);
        assertThat(parameters.systemId()).isEqualTo(9);
        assertThat(parameters.capacity()).isEqualTo(300);
        assertThat(parameters.securityLevel()).isEqualTo(3);
        assertThat(parameters.address()).isEqualTo(0xFFFFFFFF);
        assertThat(parameters.packetSizeBytes()).isEqualTo(128);
        assertThat(parameters.baudRate()).isEqualTo(57_600);
    }

    @Test
    void mapsPacketSizeCodes0To3To32To256Bytes() {
        for (int code = 0; code <= 3; code++) {
            assertThat(new SystemParameters(0, 0, 162, 3, -1, code, 6).packetSizeBytes()).isEqualTo(32 << code);
        }
        assertThat(new SystemParameters(0, 0, 162, 3, -1, 4, 6).packetSizeBytes()).isEqualTo(-1);
    }

    @Test
    void acceptsABareErrorCodeButNotABareOkAsASearchReply() {
        Instruction search = Instruction.highSpeedSearch(1, 0, 162);

        assertThat(search.acceptsReply(Frame.ack(-1, (byte) 0x09))).isTrue();
        assertThat(search.acceptsReply(Frame.ack(-1, (byte) 0x00))).isFalse();
        assertThat(search.acceptsReply(Frame.command(-1, (byte) 0x00, (byte) 0, (byte) 5, (byte) 0, (byte) 80))).isFalse();
    }

    @Test
    void namesConfirmationCodesAndKeepsUnknownOnesRecognisable() {
        assertThat(Confirmation.of(0x13)).isEqualTo(Confirmation.WRONG_PASSWORD);
        assertThat(Confirmation.of(0x27)).isEqualTo(Confirmation.ALREADY_ENROLLED);
        assertThat(Confirmation.describe(0x09)).isEqualTo("0x09 not found");
        assertThat(Confirmation.describe(0x42)).isEqualTo("0x42 unknown code");
    }
}
