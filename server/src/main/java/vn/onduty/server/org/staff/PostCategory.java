package vn.onduty.server.org.staff;

/**
 * How heavy an officer's post is (normal; heavy, hazardous or dangerous; especially so). Stored on the staff
 * record; the leave rules read it for the annual leave base (Labour Code 2019, Art. 113).
 */
public enum PostCategory {
    NORMAL,
    HEAVY,
    VERY_HEAVY
}
