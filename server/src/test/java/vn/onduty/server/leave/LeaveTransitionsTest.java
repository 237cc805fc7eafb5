package vn.onduty.server.leave;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.leave.LeaveRequest.Status.APPROVED;
import static vn.onduty.server.leave.LeaveRequest.Status.CANCELLED;
import static vn.onduty.server.leave.LeaveRequest.Status.CANCEL_REQUESTED;
import static vn.onduty.server.leave.LeaveRequest.Status.PENDING;
import static vn.onduty.server.leave.LeaveRequest.Status.REJECTED;
import static vn.onduty.server.leave.LeaveTransitions.Action.APPROVE;
import static vn.onduty.server.leave.LeaveTransitions.Action.CANCEL;
import static vn.onduty.server.leave.LeaveTransitions.Action.REJECT;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.onduty.server.leave.LeaveRequest.Status;
import vn.onduty.server.leave.LeaveTransitions.Action;
import vn.onduty.server.leave.LeaveTransitions.Next;
import vn.onduty.server.leave.LeaveTransitions.Outcome;
import vn.onduty.server.leave.LeaveTransitions.Refused;

/**
 * Every (status, action) pair of a leave request, allowed and refused, with the circumstances that change the
 * answer: a middle or the last step, leave that has begun or not. A chain of 3 steps unless the row says otherwise.
 */
class LeaveTransitionsTest {

    /** One row of the table: where the request stands and what is done, and what must come of it. */
    record Row(Status from, Action action, Integer step, int lastStep, boolean begun, Outcome expected) {
        @Override
        public String toString() {
            return from + " " + action + (step == null ? "" : " at step " + step + "/" + lastStep)
                    + (begun ? " (begun)" : "") + " → " + expected;
        }
    }

    static Row allowed(Status from, Action action, Integer step, boolean begun, Status to, Integer nextStep,
                       String decision, int decisionStep) {
        return new Row(from, action, step, 3, begun, new Next(from, to, nextStep, decision, decisionStep));
    }

    static Row refused(Status from, Action action, String reason) {
        return new Row(from, action, null, 3, false, new Refused(reason));
    }

    static final List<Row> TABLE = List.of(
            // An approver moves a pending request to the next step, or approves it at the last; or rejects it at any.
            allowed(PENDING, APPROVE, 1, false, PENDING, 2, "APPROVE", 1),
            allowed(PENDING, APPROVE, 2, false, PENDING, 3, "APPROVE", 2),
            allowed(PENDING, APPROVE, 3, false, APPROVED, null, "APPROVE", 3),
            allowed(PENDING, REJECT, 1, false, REJECTED, null, "REJECT", 1),
            allowed(PENDING, REJECT, 3, false, REJECTED, null, "REJECT", 3),
            // A pending request is withdrawn at once, whenever its days are.
            allowed(PENDING, CANCEL, 2, false, CANCELLED, null, "CANCEL", 0),
            allowed(PENDING, CANCEL, 2, true, CANCELLED, null, "CANCEL", 0),
            // Approved leave: nothing more to decide; cancelled at once before it begins, asked for once begun.
            refused(APPROVED, APPROVE, "is APPROVED"),
            refused(APPROVED, REJECT, "is APPROVED"),
            allowed(APPROVED, CANCEL, null, false, CANCELLED, null, "CANCEL", 0),
            allowed(APPROVED, CANCEL, null, true, CANCEL_REQUESTED, null, "CANCEL_REQUEST", 0),
            // A cancellation asked for: the last step's approver allows it (cancelled) or refuses it (approved again).
            allowed(CANCEL_REQUESTED, APPROVE, null, false, CANCELLED, null, "CANCEL_APPROVE", 3),
            allowed(CANCEL_REQUESTED, REJECT, null, false, APPROVED, null, "CANCEL_REJECT", 3),
            refused(CANCEL_REQUESTED, CANCEL, "is CANCEL_REQUESTED and cannot be cancelled"),
            // Ended.
            refused(REJECTED, APPROVE, "is REJECTED"),
            refused(REJECTED, REJECT, "is REJECTED"),
            refused(REJECTED, CANCEL, "is REJECTED and cannot be cancelled"),
            refused(CANCELLED, APPROVE, "is CANCELLED"),
            refused(CANCELLED, REJECT, "is CANCELLED"),
            refused(CANCELLED, CANCEL, "is CANCELLED and cannot be cancelled"));

    static Stream<Row> table() {
        return TABLE.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void eachStatusAndActionHasItsOutcome(Row row) {
        assertThat(LeaveTransitions.next(row.from(), row.action(), row.step(), row.lastStep(), row.begun()))
                .isEqualTo(row.expected());
    }

    @Test
    void theTableHoldsEveryStatusWithEveryAction() {
        List<String> missing = new ArrayList<>();
        for (Status s : Status.values()) {
            for (Action a : Action.values()) {
                if (TABLE.stream().noneMatch(r -> r.from() == s && r.action() == a)) {
                    missing.add(s + " " + a);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void aOneStepChainIsApprovedAtItsOnlyStep() {
        assertThat(LeaveTransitions.next(PENDING, APPROVE, 1, 1, false))
                .isEqualTo(new Next(PENDING, APPROVED, null, "APPROVE", 1));
    }

    @Test
    void onlyTheLastApprovalPutsLeaveInForceAndOnlyCancellingApprovedLeaveWithdrawsIt() {
        List<String> inForce = new ArrayList<>();
        List<String> withdrawn = new ArrayList<>();
        for (Row r : TABLE) {
            if (LeaveTransitions.next(r.from(), r.action(), r.step(), r.lastStep(), r.begun()) instanceof Next n) {
                if (n.putsLeaveInForce()) {
                    inForce.add(r.from() + " " + r.action() + " → " + n.status());
                }
                if (n.withdrawsLeave()) {
                    withdrawn.add(r.from() + " " + r.action() + " → " + n.status());
                }
            }
        }
        assertThat(inForce).containsExactly("PENDING APPROVE → APPROVED");
        assertThat(withdrawn).containsExactly("APPROVED CANCEL → CANCELLED", "CANCEL_REQUESTED APPROVE → CANCELLED");
    }
}
