package vn.onduty.agent.fingerprint;

import java.time.Duration;
import java.util.Arrays;

/**
 * One command to a module: instruction code and parameters, plus what its acknowledge must look like
 * and how long the module may take. The reply length is part of the check because a 16-bit sum
 * cannot tell a corrupted LEN byte from a shorter frame, and because a late reply to an earlier
 * command must not be taken for this one's.
 */
public final class Instruction {

    public static final int GEN_IMG = 0x01;
    public static final int IMG2TZ = 0x02;
    public static final int SEARCH = 0x04;
    public static final int REG_MODEL = 0x05;
    public static final int STORE = 0x06;
    public static final int LOAD_CHAR = 0x07;
    public static final int DELETE_CHAR = 0x0C;
    public static final int EMPTY = 0x0D;
    public static final int READ_SYS_PARA = 0x0F;
    public static final int VFY_PWD = 0x13;
    public static final int HIGH_SPEED_SEARCH = 0x1B;
    public static final int TEMPLATE_NUM = 0x1D;
    public static final int READ_INDEX_TABLE = 0x1F;

    /** Templates per ReadIndexTable page: 32 bytes of one bit each. */
    public static final int INDEX_PAGE_TEMPLATES = 256;
    static final int INDEX_PAGE_BYTES = 32;

    private final String name;
    private final byte[] payload;
    private final int replyDataLength;
    private final Duration timeout;

    private Instruction(String name, int replyDataLength, Duration timeout, int... bytes) {
        this.name = name;
        this.replyDataLength = replyDataLength;
        this.timeout = timeout;
        this.payload = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            payload[i] = (byte) bytes[i];
        }
    }

    public static Instruction vfyPwd(int password) {
        return new Instruction("VfyPwd", 0, Duration.ofMillis(500), VFY_PWD,
                password >>> 24, password >>> 16, password >>> 8, password);
    }

    public static Instruction readSysPara() {
        return new Instruction("ReadSysPara", SystemParameters.DATA_LENGTH, Duration.ofMillis(500), READ_SYS_PARA);
    }

    public static Instruction templateNum() {
        return new Instruction("TemplateNum", 2, Duration.ofMillis(500), TEMPLATE_NUM);
    }

    public static Instruction readIndexTable(int indexPage) {
        requireRange("index page", indexPage, 0, 3);
        return new Instruction("ReadIndexTable", INDEX_PAGE_BYTES, Duration.ofMillis(500), READ_INDEX_TABLE, indexPage);
    }

    public static Instruction genImg() {
        return new Instruction("GenImg", 0, Duration.ofMillis(1000), GEN_IMG);
    }

    public static Instruction img2Tz(int buffer) {
        requireBuffer(buffer);
        return new Instruction("Img2Tz", 0, Duration.ofMillis(1000), IMG2TZ, buffer);
    }

    public static Instruction search(int buffer, int startPage, int pageCount) {
        return searchInstruction("Search", SEARCH, buffer, startPage, pageCount);
    }

    public static Instruction highSpeedSearch(int buffer, int startPage, int pageCount) {
        return searchInstruction("HighSpeedSearch", HIGH_SPEED_SEARCH, buffer, startPage, pageCount);
    }

    public static Instruction regModel() {
        return new Instruction("RegModel", 0, Duration.ofMillis(1000), REG_MODEL);
    }

    public static Instruction store(int buffer, int page) {
        requireBuffer(buffer);
        requireRange("page", page, 0, 0xFFFF);
        return new Instruction("Store", 0, Duration.ofMillis(1000), STORE, buffer, page >>> 8, page);
    }

    public static Instruction loadChar(int buffer, int page) {
        requireBuffer(buffer);
        requireRange("page", page, 0, 0xFFFF);
        return new Instruction("LoadChar", 0, Duration.ofMillis(1000), LOAD_CHAR, buffer, page >>> 8, page);
    }

    public static Instruction deleteChar(int page, int count) {
        requireRange("page", page, 0, 0xFFFF);
        requireRange("count", count, 1, 0xFFFF);
        return new Instruction("DeleteChar", 0, Duration.ofMillis(1000), DELETE_CHAR, page >>> 8, page, count >>> 8, count);
    }

    public static Instruction empty() {
        return new Instruction("Empty", 0, Duration.ofMillis(2000), EMPTY);
    }

    private static Instruction searchInstruction(String name, int code, int buffer, int startPage, int pageCount) {
        requireBuffer(buffer);
        requireRange("start page", startPage, 0, 0xFFFF);
        requireRange("page count", pageCount, 1, 0xFFFF);
        // Searching 1000 templates takes a real module about a second.
        return new Instruction(name, SearchResult.DATA_LENGTH, Duration.ofMillis(2500), code, buffer, startPage >>> 8, startPage, pageCount >>> 8, pageCount);
    }

    public String name() {
        return name;
    }

    public int code() {
        return payload[0] & 0xFF;
    }

    /** Instruction code followed by parameters, as the payload of a command frame. */
    public byte[] payload() {
        return payload.clone();
    }

    public Frame toFrame(int address) {
        return Frame.command(address, payload);
    }

    /** How long a healthy module may take to acknowledge. */
    public Duration timeout() {
        return timeout;
    }

    /** Data bytes after the confirmation code in a successful acknowledge. */
    public int replyDataLength() {
        return replyDataLength;
    }

    /**
     * Whether {@code frame} can be this instruction's acknowledge: the full-length reply, or a bare
     * error code, which some modules send instead of a zero-filled one.
     */
    public boolean acceptsReply(Frame frame) {
        if (frame.pid() != Frame.ACK) {
            return false;
        }
        int length = frame.payloadLength();
        return length == 1 + replyDataLength || (length == 1 && frame.payloadByte(0) != 0);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(payload);
    }

    private static void requireBuffer(int buffer) {
        if (buffer != 1 && buffer != 2) {
            throw new IllegalArgumentException("character buffer must be 1 or 2, not " + buffer);
        }
    }

    private static void requireRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", not " + value);
        }
    }
}
