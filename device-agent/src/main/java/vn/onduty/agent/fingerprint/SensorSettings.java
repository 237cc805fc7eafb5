package vn.onduty.agent.fingerprint;

import java.time.Duration;
import java.util.Objects;

/**
 * How one sensor is reached and watched; one entry of the agent's sensor list. Every field but
 * {@code name} and {@code port} has a default ({@link #of}) that suits an R30x/AS608 on a USB-serial
 * adapter; the compact constructor names the field that is wrong.
 *
 * @param name              sensor name as events and the server know it, e.g. "cua-chinh"
 * @param port              serial device path, e.g. /dev/ttyUSB0 or /dev/serial/by-id/...
 * @param baudRate          57600 unless the module was reconfigured (N × 9600)
 * @param address           module address, FFFFFFFF unless reconfigured
 * @param password          module password, 0 unless one was set
 * @param pollInterval      pause between GenImg polls; 200 ms answers a touch in well under a second
 * @param duplicateWindow   a second match of the same slot within this is ignored (and counted)
 * @param reconnectMin      first pause before reconnecting a lost sensor; doubles per failure...
 * @param reconnectMax      ...up to this
 * @param handshakeAttempts VfyPwd/ReadSysPara tries per connection, covering the module's power-on delay
 * @param fingerTimeout     how long enrollment waits for a finger to be placed or lifted
 * @param enrollAttempts    capture-and-merge rounds before an enrollment gives up
 * @param readAttempts      unreadable images of one touch before it counts as unrecognised
 */
public record SensorSettings(String name, String port, int baudRate, int address, int password,
                             Duration pollInterval, Duration duplicateWindow, Duration reconnectMin,
                             Duration reconnectMax, int handshakeAttempts, Duration fingerTimeout,
                             int enrollAttempts, int readAttempts) {

    public SensorSettings {
        Objects.requireNonNull(name, "sensors[].name is required");
        Objects.requireNonNull(port, "sensors[].port is required");
        if (name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("sensors[].name must be 1..64 characters: '" + name + "'");
        }
        if (baudRate <= 0 || baudRate % 9600 != 0) {
            throw new IllegalArgumentException("sensors[" + name + "].baudRate must be a multiple of 9600, not " + baudRate);
        }
        requirePositive(name, "pollInterval", pollInterval);
        requirePositive(name, "duplicateWindow", duplicateWindow);
        requirePositive(name, "reconnectMin", reconnectMin);
        requirePositive(name, "reconnectMax", reconnectMax);
        requirePositive(name, "fingerTimeout", fingerTimeout);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("sensors[" + name + "].reconnectMax must not be below reconnectMin");
        }
        if (handshakeAttempts < 1 || enrollAttempts < 1 || readAttempts < 1) {
            throw new IllegalArgumentException("sensors[" + name + "]: handshakeAttempts, enrollAttempts and readAttempts must be 1 or more");
        }
    }

    public static SensorSettings of(String name, String port) {
        return new SensorSettings(name, port, 57_600, Frame.DEFAULT_ADDRESS, 0, Duration.ofMillis(200),
                Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(10), 5, Duration.ofSeconds(20), 3, 3);
    }

    public SensorSettings withPollInterval(Duration value) {
        return new SensorSettings(name, port, baudRate, address, password, value, duplicateWindow, reconnectMin,
                reconnectMax, handshakeAttempts, fingerTimeout, enrollAttempts, readAttempts);
    }

    public SensorSettings withDuplicateWindow(Duration value) {
        return new SensorSettings(name, port, baudRate, address, password, pollInterval, value, reconnectMin,
                reconnectMax, handshakeAttempts, fingerTimeout, enrollAttempts, readAttempts);
    }

    public SensorSettings withReconnect(Duration min, Duration max) {
        return new SensorSettings(name, port, baudRate, address, password, pollInterval, duplicateWindow, min,
                max, handshakeAttempts, fingerTimeout, enrollAttempts, readAttempts);
    }

    public SensorSettings withFingerTimeout(Duration value) {
        return new SensorSettings(name, port, baudRate, address, password, pollInterval, duplicateWindow, reconnectMin,
                reconnectMax, handshakeAttempts, value, enrollAttempts, readAttempts);
    }

    public SensorSettings withPassword(int value) {
        return new SensorSettings(name, port, baudRate, address, value, pollInterval, duplicateWindow, reconnectMin,
                reconnectMax, handshakeAttempts, fingerTimeout, enrollAttempts, readAttempts);
    }

    private static void requirePositive(String sensor, String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("sensors[" + sensor + "]." + field + " must be positive, not " + value);
        }
    }
}
