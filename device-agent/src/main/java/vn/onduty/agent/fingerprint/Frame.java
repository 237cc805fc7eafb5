package vn.onduty.agent.fingerprint;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One GROW-protocol packet as it travels between agent and sensor: module address, packet identifier
 * and payload. Framing bytes (header, LEN, SUM) belong to {@link FrameCodec}, not here.
 *
 * @param address module address, 32 bits; {@link #DEFAULT_ADDRESS} unless the module was re-addressed
 * @param pid     packet identifier, one of {@link #COMMAND}, {@link #DATA}, {@link #ACK}, {@link #END_OF_DATA}
 * @param payload instruction code and parameters (command) or confirmation code and data (acknowledge)
 */
public record Frame(int address, int pid, byte[] payload) {

    public static final int DEFAULT_ADDRESS = 0xFFFFFFFF;
    public static final int COMMAND = 0x01;
    public static final int DATA = 0x02;
    public static final int ACK = 0x07;
    public static final int END_OF_DATA = 0x08;

    /** LEN counts the checksum too, and the field is 16 bits; modules never send more than 256 data bytes. */
    public static final int MAX_PAYLOAD = 256;

    public Frame {
        if (!isKnownPid(pid)) {
            throw new IllegalArgumentException("unknown packet identifier 0x" + Integer.toHexString(pid));
        }
        if (payload.length == 0 || payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload must hold 1.." + MAX_PAYLOAD + " bytes, not " + payload.length);
        }
        payload = payload.clone();
    }

    public static Frame command(int address, byte... payload) {
        return new Frame(address, COMMAND, payload);
    }

    public static Frame ack(int address, byte... payload) {
        return new Frame(address, ACK, payload);
    }

    public static boolean isKnownPid(int pid) {
        return pid == COMMAND || pid == DATA || pid == ACK || pid == END_OF_DATA;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Payload byte at {@code index} as an unsigned value, without copying the payload. */
    public int payloadByte(int index) {
        return payload[index] & 0xFF;
    }

    public int payloadLength() {
        return payload.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame f && f.address == address && f.pid == pid && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * address + pid) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return String.format("Frame[address=%08X, pid=%02X, payload=%s]", address, pid, HexFormat.ofDelimiter(" ").withUpperCase().formatHex(payload));
    }
}
