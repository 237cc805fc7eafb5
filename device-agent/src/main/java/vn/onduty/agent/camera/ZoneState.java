package vn.onduty.agent.camera;

import java.util.Locale;

/** What a zone's seat is, as the {@code occupancy} event spells it. */
public enum ZoneState {
    OCCUPIED, EMPTY, UNKNOWN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
