package vn.onduty.agent.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static final int ADDRESS = Frame.DEFAULT_ADDRESS;
    private static final String HIGH_SPEED_SEARCH_0_TO_162 = "EF 01 FF FF FF FF 01 00 08 1B 01 00 00 00 A3 00 C8";
    private static final String FOUND_PAGE_5_SCORE_80 = "EF 01 FF FF FF FF 07 00 07 00 00 05 00 50 00 63";
    private static final String NOT_FOUND = "EF 01 FF FF FF FF 07 00 07 09 00 00 00 00 00 17";
    private static final String GEN_IMG = "EF 01 FF FF FF FF 01 00 03 01 00 05";
    private static final String NO_FINGER = "EF 01 FF FF FF FF 07 00 03 02 00 0C";

    @Test
    void encodesHighSpeedSearchOfBuffer1OverPages0To162AsInTheDesignExample() {
        byte[] wire = FrameCodec.encode(Instruction.highSpeedSearch(1, 0, 163).toFrame(ADDRESS));

        assertThat(Hex.string(wire)).isEqualTo(HIGH_SPEED_SEARCH_0_TO_162);
    }

    @Test
    void decodesFoundPage5Score80Reply() {
        Frame frame = FrameCodec.decode(Hex.bytes(FOUND_PAGE_5_SCORE_80), ADDRESS);

        assertThat(Instruction.highSpeedSearch(1, 0, 163).acceptsReply(frame)).isTrue();
        SearchResult result = SearchResult.parse(Reply.of(frame));
        assertThat(result.found()).isTrue();
        assertThat(result.page()).isEqualTo(5);
        assertThat(result.score()).isEqualTo(80);
        assertThat(Hex.string(FrameCodec.encode(frame))).isEqualTo(FOUND_PAGE_5_SCORE_80);
    }

    @Test
    void decodesNotFoundReply() {
        Frame frame = FrameCodec.decode(Hex.bytes(NOT_FOUND), ADDRESS);

        SearchResult result = SearchResult.parse(Reply.of(frame));
        assertThat(result.found()).isFalse();
        assertThat(result.confirmation()).isEqualTo(Confirmation.NOT_FOUND);
        assertThat(Hex.string(FrameCodec.encode(frame))).isEqualTo(NOT_FOUND);
    }

    @Test
    void encodesGenImgAndDecodesItsNoFingerReply() {
        assertThat(Hex.string(FrameCodec.encode(Instruction.genImg().toFrame(ADDRESS)))).isEqualTo(GEN_IMG);

        Frame reply = FrameCodec.decode(Hex.bytes(NO_FINGER), ADDRESS);
        assertThat(Reply.of(reply).confirmation()).isEqualTo(Confirmation.NO_FINGER);
        assertThat(Instruction.genImg().acceptsReply(reply)).isTrue();
    }

    @Test
    void decodesEveryRandomFrameItEncodes() {
        Random random = new Random(20261126L);
        for (int i = 0; i < 2_000; i++) {
            Frame frame = randomFrame(random);

            assertThat(FrameCodec.decode(FrameCodec.encode(frame), frame.address())).isEqualTo(frame);
        }
    }

    @Test
    void decodesTheSameFramesWhateverChunksTheBytesArriveIn() {
        Random random = new Random(7L);
        for (int round = 0; round < 200; round++) {
            List<Frame> sent = new ArrayList<>();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                Frame frame = randomFrame(random, ADDRESS);
                sent.add(frame);
                wire.writeBytes(FrameCodec.encode(frame));
            }
            byte[] bytes = wire.toByteArray();
            FrameDecoder decoder = new FrameDecoder(ADDRESS);
            List<Frame> received = new ArrayList<>();
            for (int at = 0; at < bytes.length; ) {
                int chunk = Math.min(bytes.length - at, 1 + random.nextInt(20));
                received.addAll(decoder.feed(bytes, at, chunk));
                at += chunk;
            }

            assertThat(received).containsExactlyElementsOf(sent);
            assertThat(decoder.discardedBytes()).isZero();
            assertThat(decoder.buffered()).isZero();
        }
    }

    @Test
    void skipsGarbageWithFalseHeadersAndCountsWhatItDiscarded() {
        byte[] garbage = Hex.bytes("00 EF EF 01 FF FF FF FF 07 00 03 00 EF 01 55");
        byte[] frame = Hex.bytes(NO_FINGER);
        FrameDecoder decoder = new FrameDecoder(ADDRESS);

        List<Frame> frames = decoder.feed(concat(garbage, frame), 0, garbage.length + frame.length);

        assertThat(frames).containsExactly(FrameCodec.decode(frame, ADDRESS));
        assertThat(decoder.discardedBytes()).isEqualTo(garbage.length);
    }

    @Test
    void treatsAnImpossibleLengthAsNoiseInsteadOfWaitingForBytesThatNeverCome() {
        byte[] impossible = Hex.bytes("EF 01 FF FF FF FF 07 FF F0");
        byte[] frame = Hex.bytes(NOT_FOUND);
        FrameDecoder decoder = new FrameDecoder(ADDRESS);

        List<Frame> frames = decoder.feed(concat(impossible, frame), 0, impossible.length + frame.length);

        assertThat(frames).hasSize(1);
        assertThat(decoder.discardedBytes()).isEqualTo(impossible.length);
    }

    @Test
    void noiseThatLooksLikeTheStartOfALongFrameDoesNotSwallowTheReplyBehindIt() {
        // A plausible prefix: our address, an acknowledge, LEN 64. Nothing more follows the real reply, so waiting
        // for the 64 bytes it claims would hold the reply back until the instruction times out.
        byte[] noise = Hex.bytes("EF 01 FF FF FF FF 07 00 40");
        byte[] reply = Hex.bytes(NO_FINGER);
        FrameDecoder decoder = new FrameDecoder(ADDRESS);

        List<Frame> frames = decoder.feed(concat(noise, reply), 0, noise.length + reply.length);

        assertThat(frames).containsExactly(FrameCodec.decode(reply, ADDRESS));
        assertThat(decoder.discardedBytes()).isEqualTo(noise.length);
        assertThat(decoder.buffered()).isZero();
    }

    @Test
    void aFrameStillArrivingIsWaitedFor() {
        byte[] reply = Hex.bytes(FOUND_PAGE_5_SCORE_80);
        FrameDecoder decoder = new FrameDecoder(ADDRESS);

        assertThat(decoder.feed(reply, 0, 10)).isEmpty();
        assertThat(decoder.feed(reply, 10, reply.length - 10)).containsExactly(FrameCodec.decode(reply, ADDRESS));
        assertThat(decoder.discardedBytes()).isZero();
    }

    @Test
    void rejectsAReplyFromAnotherModuleAddress() {
        byte[] otherModule = FrameCodec.encode(Frame.ack(0x00000002, (byte) 0x00, (byte) 0x00, (byte) 0x05, (byte) 0x00, (byte) 0x50));
        FrameDecoder decoder = new FrameDecoder(ADDRESS);

        assertThat(decoder.feed(otherModule, 0, otherModule.length)).isEmpty();
        assertThat(decoder.wrongAddressFrames()).isEqualTo(1);
        assertThatThrownBy(() -> FrameCodec.decode(otherModule, ADDRESS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anySingleByteCorruptionOutsideTheLowLenByteIsDetectedAndTheNextFrameStillDecodes() {
        Random random = new Random(42L);
        List<Frame> samples = new ArrayList<>();
        for (String vector : List.of(HIGH_SPEED_SEARCH_0_TO_162, FOUND_PAGE_5_SCORE_80, NOT_FOUND, GEN_IMG, NO_FINGER)) {
            samples.add(FrameCodec.decode(Hex.bytes(vector), ADDRESS));
        }
        for (int i = 0; i < 20; i++) {
            samples.add(randomFrame(random, ADDRESS));
        }
        byte[] sentinel = Hex.bytes(NO_FINGER);
        Frame sentinelFrame = FrameCodec.decode(sentinel, ADDRESS);

        for (Frame sample : samples) {
            byte[] good = FrameCodec.encode(sample);
            for (int position = 0; position < good.length; position++) {
                if (position == 8) {
                    continue; // the low LEN byte: see lenCorruption... below
                }
                for (int value = 0; value < 256; value++) {
                    if (value == (good[position] & 0xFF)) {
                        continue;
                    }
                    byte[] bad = good.clone();
                    bad[position] = (byte) value;
                    FrameDecoder decoder = new FrameDecoder(ADDRESS);

                    List<Frame> frames = decoder.feed(concat(bad, sentinel), 0, bad.length + sentinel.length);

                    // Plain checks: ~100,000 cases, and AssertJ's descriptions would dominate the run time.
                    if (!frames.equals(List.of(sentinelFrame)) || decoder.discardedBytes() + decoder.wrongAddressFrames() == 0) {
                        fail("byte " + position + " of " + Hex.string(good) + " set to " + value + " gave " + frames
                                + ", " + decoder.discardedBytes() + " bytes discarded");
                    }
                }
            }
        }
    }

    @Test
    void lenCorruptionThatHappensToSumUpIsStillNeverTakenForTheInstructionsReply() {
        Instruction search = Instruction.highSpeedSearch(1, 0, 163);
        // "found page 10": with LEN 7 corrupted to 3, the bytes after the code read 00 0A, which is
        // exactly the sum of a one-byte frame {00}; only the expected reply length gives it away.
        Frame foundPage10 = Frame.ack(ADDRESS, (byte) 0x00, (byte) 0x00, (byte) 0x0A, (byte) 0x00, (byte) 0x50);
        byte[] sentinelBytes = Hex.bytes(NOT_FOUND);
        Frame sentinelFrame = FrameCodec.decode(sentinelBytes, ADDRESS);
        // A LEN made larger makes the decoder wait for that many bytes; the line goes on, so give it some.
        byte[] sentinel = concat(sentinelBytes, new byte[FrameCodec.MAX_LEN + FrameCodec.PREFIX_LENGTH]);
        boolean sawCoincidence = false;

        for (Frame reply : List.of(foundPage10, FrameCodec.decode(Hex.bytes(FOUND_PAGE_5_SCORE_80), ADDRESS), sentinelFrame)) {
            byte[] good = FrameCodec.encode(reply);
            for (int value = 0; value < 256; value++) {
                if (value == (good[8] & 0xFF)) {
                    continue;
                }
                byte[] bad = good.clone();
                bad[8] = (byte) value;
                List<Frame> frames = new FrameDecoder(ADDRESS).feed(concat(bad, sentinel), 0, bad.length + sentinel.length);

                List<Frame> accepted = frames.stream().filter(search::acceptsReply).toList();
                assertThat(accepted).as("LEN set to " + value + " in " + Hex.string(good)).containsExactly(sentinelFrame);
                sawCoincidence |= frames.size() > accepted.size();
            }
        }
        assertThat(sawCoincidence).as("the decoder alone would have passed a corrupted frame").isTrue();
    }

    private static Frame randomFrame(Random random) {
        return randomFrame(random, random.nextBoolean() ? ADDRESS : random.nextInt());
    }

    private static Frame randomFrame(Random random, int address) {
        int[] pids = {Frame.COMMAND, Frame.DATA, Frame.ACK, Frame.END_OF_DATA};
        byte[] payload = new byte[1 + random.nextInt(random.nextInt(10) == 0 ? Frame.MAX_PAYLOAD : 20)];
        random.nextBytes(payload);
        return new Frame(address, pids[random.nextInt(pids.length)], payload);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
