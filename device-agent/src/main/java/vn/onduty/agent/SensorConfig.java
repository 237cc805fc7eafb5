package vn.onduty.agent;

/**
 * One fingerprint sensor under {@code sensors:} in agent.yml.
 *
 * @param name                   what events and the admin pages call it, e.g. "cua-chinh"
 * @param port                   the serial port, e.g. /dev/ttyUSB0 or COM3 ({@code --list-ports} shows them)
 * @param baud                   9600 × N, N from 1 to 12; the modules ship at 57600
 * @param address                the module address in its frames, 0xFFFFFFFF unless it was changed
 * @param password               the module password for VfyPwd, 0 unless it was set
 * @param pollMillis             pause between finger checks when idle
 * @param duplicateWindowSeconds the same finger again within this many seconds is counted, not punched twice
 */
public record SensorConfig(String name, String port, int baud, long address, long password, int pollMillis,
                           int duplicateWindowSeconds) {

    public static final int DEFAULT_BAUD = 57_600;
    public static final long DEFAULT_ADDRESS = 0xFFFF_FFFFL;
    public static final long DEFAULT_PASSWORD = 0;
    public static final int DEFAULT_POLL_MILLIS = 200;
    public static final int DEFAULT_DUPLICATE_WINDOW_SECONDS = 60;

    /** A sensor on {@code port} with every other setting at its default. */
    public static SensorConfig withDefaults(String name, String port) {
        return new SensorConfig(name, port, DEFAULT_BAUD, DEFAULT_ADDRESS, DEFAULT_PASSWORD, DEFAULT_POLL_MILLIS,
                DEFAULT_DUPLICATE_WINDOW_SECONDS);
    }
}
