package vn.onduty.server.leave;

import vn.onduty.server.api.ConflictException;
import vn.onduty.server.leave.LeaveRequest.Status;

/**
 * The status machine of a leave request as a pure function: what approving, rejecting or cancelling does to a
 * request where it stands (its new status, the step it then waits at, the decision recorded), or why it is refused.
 * Who may act, and what the change does to the roster, the timesheet and attendance, are the callers' business.
 */
final class LeaveTransitions {

    /** What an approver (APPROVE, REJECT) or the officer or an admin (CANCEL) does to a request. */
    enum Action { APPROVE, REJECT, CANCEL }

    sealed interface Outcome permits Next, Refused {

        /** The move, or the refusal as a conflict: "Already decided: leave request 12 is REJECTED". */
        default Next orRefuse(long requestId) {
            if (this instanceof Refused no) {
                throw new ConflictException("Already decided: leave request " + requestId + " " + no.reason());
            }
            return (Next) this;
        }
    }

    /**
     * The request moves from one status to another. currentStep is the step it then waits at (PENDING only);
     * decision and decisionStep are what the decision log records: its action, and the step it is recorded at
     * (0 for a cancellation by the officer or an admin).
     */
    record Next(Status from, Status status, Integer currentStep, String decision, int decisionStep) implements Outcome {

        /** Approved at its last step: the leave now counts, and its substitutes go into the roster. */
        boolean putsLeaveInForce() {
            return status == Status.APPROVED && from == Status.PENDING;
        }

        /** Approved leave is cancelled: it no longer counts, and its substitutions are withdrawn. */
        boolean withdrawsLeave() {
            return status == Status.CANCELLED && (from == Status.APPROVED || from == Status.CANCEL_REQUESTED);
        }
    }

    /** Nothing changes: the request is past this action. reason follows "leave request N", e.g. "is REJECTED". */
    record Refused(String reason) implements Outcome {}

    private LeaveTransitions() {}

    /**
     * @param step the step a PENDING request waits at (ignored otherwise)
     * @param lastStep the position of the last step of the request's chain
     * @param begun whether the leave has begun for whoever cancels it: then approved leave is not cancelled at once,
     *     a cancellation is asked for and an approver of the last step decides (an admin cancels at once: false)
     */
    static Outcome next(Status status, Action action, Integer step, int lastStep, boolean begun) {
        return switch (status) {
            case PENDING -> switch (action) {
                case APPROVE -> step < lastStep ? new Next(status, Status.PENDING, step + 1, "APPROVE", step)
                        : new Next(status, Status.APPROVED, null, "APPROVE", step);
                case REJECT -> new Next(status, Status.REJECTED, null, "REJECT", step);
                case CANCEL -> new Next(status, Status.CANCELLED, null, "CANCEL", 0);
            };
            case APPROVED -> switch (action) {
                case APPROVE, REJECT -> new Refused("is " + status);
                case CANCEL -> begun ? new Next(status, Status.CANCEL_REQUESTED, null, "CANCEL_REQUEST", 0)
                        : new Next(status, Status.CANCELLED, null, "CANCEL", 0);
            };
            case CANCEL_REQUESTED -> switch (action) {
                case APPROVE -> new Next(status, Status.CANCELLED, null, "CANCEL_APPROVE", lastStep);
                case REJECT -> new Next(status, Status.APPROVED, null, "CANCEL_REJECT", lastStep);
                case CANCEL -> new Refused("is " + status + " and cannot be cancelled");
            };
            case REJECTED, CANCELLED -> switch (action) {
                case APPROVE, REJECT -> new Refused("is " + status);
                case CANCEL -> new Refused("is " + status + " and cannot be cancelled");
            };
        };
    }
}
