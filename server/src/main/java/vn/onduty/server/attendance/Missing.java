package vn.onduty.server.attendance;

/** Which punch of a session is missing: the officer (or the sensor) forgot it. */
public enum Missing {
    IN,
    OUT,
    BOTH
}
