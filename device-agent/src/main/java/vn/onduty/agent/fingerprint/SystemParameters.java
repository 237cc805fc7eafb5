package vn.onduty.agent.fingerprint;

/**
 * What ReadSysPara reports. The capacity here, not a number from a datasheet, bounds every search:
 * modules sold as the same part hold 162, 200, 300 or 1000 templates.
 *
 * @param status         status register
 * @param systemId       system identifier code
 * @param capacity       finger library size in templates
 * @param securityLevel  matching threshold level 1..5
 * @param address        module address
 * @param packetSizeCode 0..3 for data packets of 32/64/128/256 bytes
 * @param baudMultiplier N in baud = N × 9600
 */
public record SystemParameters(int status, int systemId, int capacity, int securityLevel, int address,
                               int packetSizeCode, int baudMultiplier) {

    /** Data bytes after the confirmation code: 2+2+2+2+4+2+2. */
    static final int DATA_LENGTH = 16;

    public static SystemParameters parse(Reply reply) {
        if (!reply.ok()) {
            throw new IllegalArgumentException("ReadSysPara failed: " + Confirmation.describe(reply.code()));
        }
        if (reply.data().length != DATA_LENGTH) {
            throw new IllegalArgumentException("ReadSysPara reply carries " + reply.data().length + " data bytes, not " + DATA_LENGTH);
        }
        return new SystemParameters(reply.unsignedShort(0), reply.unsignedShort(2), reply.unsignedShort(4),
                reply.unsignedShort(6), reply.unsignedInt(8), reply.unsignedShort(12), reply.unsignedShort(14));
    }

    /** 32, 64, 128 or 256; -1 for a code outside 0..3. */
    public int packetSizeBytes() {
        return packetSizeCode >= 0 && packetSizeCode <= 3 ? 32 << packetSizeCode : -1;
    }

    public int baudRate() {
        return baudMultiplier * 9600;
    }
}
