package vn.onduty.agent.fingerprint;

import java.util.Arrays;

/**
 * A module's acknowledge to one instruction: the confirmation code and whatever data follows it.
 *
 * @param code raw confirmation code, 0..255
 * @param data the acknowledge payload after the code (empty for a bare acknowledge)
 */
public record Reply(int code, byte[] data) {

    public Reply {
        data = data.clone();
    }

    static Reply of(Frame ack) {
        byte[] payload = ack.payload();
        return new Reply(payload[0] & 0xFF, Arrays.copyOfRange(payload, 1, payload.length));
    }

    public Confirmation confirmation() {
        return Confirmation.of(code);
    }

    public boolean ok() {
        return code == 0;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    int unsignedShort(int offset) {
        return FrameCodec.getShort(data, offset);
    }

    int unsignedInt(int offset) {
        return FrameCodec.getInt(data, offset);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Reply r && r.code == code && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Reply[" + Confirmation.describe(code) + ", " + data.length + " data bytes]";
    }
}
