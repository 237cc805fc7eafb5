package vn.onduty.agent.fingerprint;

import java.io.IOException;

/** Opens the link to a sensor; {@code SerialPortLink::open} in the agent, something in-memory in tests. */
@FunctionalInterface
public interface LinkOpener {

    SensorLink open(String port, int baudRate) throws IOException;
}
