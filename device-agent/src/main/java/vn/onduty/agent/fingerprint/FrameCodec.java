package vn.onduty.agent.fingerprint;

import java.util.List;

/**
 * Turns {@link Frame}s into the bytes on the wire and back, per DESIGN §4:
 * {@code EF 01 | address[4] | PID | LEN[2] | payload | SUM[2]}, big-endian, LEN = payload length + 2,
 * SUM = low 16 bits of PID + both LEN bytes + every payload byte. Knows nothing of ports.
 */
public final class FrameCodec {

    public static final int HEADER_HI = 0xEF;
    public static final int HEADER_LO = 0x01;
    /** Header, address, PID and LEN: everything before the payload. */
    static final int PREFIX_LENGTH = 9;
    /** The smallest LEN a frame can carry: a one-byte instruction or confirmation code plus the checksum. */
    static final int MIN_LEN = 3;
    static final int MAX_LEN = Frame.MAX_PAYLOAD + 2;

    private FrameCodec() {
    }

    public static byte[] encode(Frame frame) {
        byte[] payload = frame.payload();
        int len = payload.length + 2;
        byte[] out = new byte[PREFIX_LENGTH + payload.length + 2];
        out[0] = (byte) HEADER_HI;
        out[1] = (byte) HEADER_LO;
        putInt(out, 2, frame.address());
        out[6] = (byte) frame.pid();
        out[7] = (byte) (len >>> 8);
        out[8] = (byte) len;
        System.arraycopy(payload, 0, out, PREFIX_LENGTH, payload.length);
        int sum = checksum(frame.pid(), len, payload, 0, payload.length);
        out[out.length - 2] = (byte) (sum >>> 8);
        out[out.length - 1] = (byte) sum;
        return out;
    }

    /**
     * Decodes bytes that must hold exactly one valid frame with the given address.
     *
     * @throws IllegalArgumentException naming what is wrong, when they do not
     */
    public static Frame decode(byte[] bytes, int expectedAddress) {
        FrameDecoder decoder = new FrameDecoder(expectedAddress);
        List<Frame> frames = decoder.feed(bytes, 0, bytes.length);
        if (frames.size() != 1 || decoder.buffered() != 0 || decoder.discardedBytes() != 0) {
            throw new IllegalArgumentException("not exactly one valid frame: " + frames.size() + " decoded, "
                    + decoder.discardedBytes() + " bytes discarded, " + decoder.checksumErrors() + " checksum errors, "
                    + decoder.wrongAddressFrames() + " for another address, " + decoder.buffered() + " bytes left over");
        }
        return frames.get(0);
    }

    /** Low 16 bits of PID + both LEN bytes + every payload byte. */
    static int checksum(int pid, int len, byte[] payload, int offset, int count) {
        int sum = (pid & 0xFF) + ((len >>> 8) & 0xFF) + (len & 0xFF);
        for (int i = offset; i < offset + count; i++) {
            sum += payload[i] & 0xFF;
        }
        return sum & 0xFFFF;
    }

    static void putInt(byte[] out, int offset, int value) {
        out[offset] = (byte) (value >>> 24);
        out[offset + 1] = (byte) (value >>> 16);
        out[offset + 2] = (byte) (value >>> 8);
        out[offset + 3] = (byte) value;
    }

    static int getInt(byte[] in, int offset) {
        return ((in[offset] & 0xFF) << 24) | ((in[offset + 1] & 0xFF) << 16) | ((in[offset + 2] & 0xFF) << 8) | (in[offset + 3] & 0xFF);
    }

    static int getShort(byte[] in, int offset) {
        return ((in[offset] & 0xFF) << 8) | (in[offset + 1] & 0xFF);
    }
}
