package vn.onduty.agent.fingerprint;

/**
 * Confirmation codes a module answers with (first payload byte of an acknowledge), per DESIGN §4.
 * Codes outside this list map to {@link #UNKNOWN}; the raw value stays in {@link Reply#code()}.
 */
public enum Confirmation {
    OK(0x00, "ok"),
    RECEIVE_ERROR(0x01, "receive error"),
    NO_FINGER(0x02, "no finger"),
    IMAGE_FAILED(0x03, "image failed"),
    MESSY_IMAGE(0x06, "messy image"),
    TOO_FEW_FEATURES(0x07, "too few features"),
    NO_MATCH(0x08, "no match"),
    NOT_FOUND(0x09, "not found"),
    MERGE_FAILED(0x0A, "merge failed"),
    PAGE_OUT_OF_RANGE(0x0B, "page out of range"),
    BAD_TEMPLATE(0x0C, "bad template"),
    DELETE_FAILED(0x10, "delete failed"),
    EMPTY_FAILED(0x11, "empty failed"),
    WRONG_PASSWORD(0x13, "wrong password"),
    FLASH_ERROR(0x18, "flash error"),
    LIBRARY_FULL(0x1F, "library full"),
    PASSWORD_REQUIRED(0x21, "password required"),
    TIMEOUT(0x26, "timeout"),
    ALREADY_ENROLLED(0x27, "already enrolled"),
    UNKNOWN(-1, "unknown code");

    private static final Confirmation[] BY_CODE = new Confirmation[256];

    static {
        for (Confirmation c : values()) {
            if (c.code >= 0) {
                BY_CODE[c.code] = c;
            }
        }
    }

    private final int code;
    private final String description;

    Confirmation(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public static Confirmation of(int code) {
        Confirmation c = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        return c == null ? UNKNOWN : c;
    }

    /** The wire value; -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** How a log line or an event's {@code error} field names a raw code, e.g. "0x09 not found". */
    public static String describe(int code) {
        return String.format("0x%02X %s", code, of(code).description);
    }
}
