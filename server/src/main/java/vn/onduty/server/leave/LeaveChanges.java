package vn.onduty.server.leave;

import java.time.LocalDate;

/**
 * Told whenever an officer's approved leave changes (a request approved, a cancellation of approved leave), right
 * after the change commits, so that daily attendance recomputes those dates. The application wires it to the
 * attendance engine.
 */
@FunctionalInterface
public interface LeaveChanges {
    void changed(long staffId, LocalDate from, LocalDate to);
}
