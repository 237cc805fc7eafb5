package vn.onduty.server.leave;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.leave.LeaveRequest.Status;
import vn.onduty.server.leave.LeaveRequest.Step;

/**
 * What a change to a leave request sets off once it has committed: attendance recomputes the days whose leave in
 * force changed, and mail goes to the approvers of the step the request now waits at, or to the officer when it
 * is decided.
 */
public final class LeaveFollowUp {

    private final Jdbi jdbi;
    private final LeaveChanges changes;
    private final LeaveNotifier notifier;
    private final Clock clock;

    public LeaveFollowUp(Jdbi jdbi, LeaveChanges changes, LeaveNotifier notifier, Clock clock) {
        this.jdbi = jdbi;
        this.changes = changes;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** A new request waits at its first step. */
    void requested(LeaveRequest made) {
        notifier.toApprovers(made, made.step(1), approvers(made, made.step(1)));
    }

    void changed(LeaveRequest before, LeaveRequest after) {
        if (before.inForce() != after.inForce()) {
            changes.changed(after.staffId(), after.startDate(), after.endDate());
        }
        if (after.status() == Status.PENDING && !Objects.equals(before.currentStep(), after.currentStep())) {
            Step next = after.step(after.currentStep());
            notifier.toApprovers(after, next, approvers(after, next));
        } else if (after.status() != before.status() && after.status() != Status.CANCELLED) {
            if (after.status() == Status.CANCEL_REQUESTED) {
                notifier.toApprovers(after, after.lastStep(), approvers(after, after.lastStep()));
            } else {
                jdbi.withExtension(LeaveDao.class, dao -> dao.requester(after.staffId()))
                        .ifPresent(to -> notifier.toRequester(after, to));
            }
        } else if (before.status() == Status.CANCEL_REQUESTED) {
            jdbi.withExtension(LeaveDao.class, dao -> dao.requester(after.staffId()))
                    .ifPresent(to -> notifier.toRequester(after, to));
        }
    }

    private List<LeaveDao.Recipient> approvers(LeaveRequest r, Step step) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Ho_Chi_Minh")));
        return jdbi.withExtension(LeaveDao.class, dao -> dao.approvers(r.staffId(), step.kind().name(), step.accountId(),
                today));
    }
}
