package vn.onduty.server.leave;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.leave.LeaveAccess.Authority;
import vn.onduty.server.leave.LeaveRequest.Status;
import vn.onduty.server.leave.LeaveRequest.Step;
import vn.onduty.server.leave.LeaveRequest.StepKind;
import vn.onduty.server.leave.LeaveTransitions.Action;
import vn.onduty.server.leave.LeaveTransitions.Next;

/**
 * Deciding on leave: the approval chains of sites and departments, approving or rejecting the step a request waits
 * at (or a cancellation of begun leave), delegating one's approvals while away, and the inbox of what waits for a
 * caller's decision. Approvers are the chain step's account or the officer's supervisors, whoever they delegated
 * to, and admins; nobody decides on their own request.
 */
public final class LeaveApprovals {

    /**
     * A decision. step is the step being decided; substituteStaffId (last step only) puts that officer in for the
     * requester at every counter session the leave leaves uncovered.
     */
    public record DecisionInput(Integer step, String comment, Long substituteStaffId) {
        public DecisionInput(Integer step, String comment) {
            this(step, comment, null);
        }
    }

    public record ChainInput(Long siteId, Long departmentId, List<StepInput> steps) {}

    public record StepInput(StepKind kind, Long accountId) {}

    public record Chain(long id, Long siteId, Long departmentId, List<Step> steps) {}

    public record DelegationInput(Long fromUserId, Long toUserId, LocalDate startsOn, LocalDate endsOn) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final LeaveAccess access;
    private final LeaveCoverage coverage;
    private final LeaveFollowUp followUp;
    private final Clock clock;

    public LeaveApprovals(Jdbi jdbi, AuditLog audit, AccessPolicy policy, LeaveAccess access, LeaveCoverage coverage,
                          LeaveFollowUp followUp, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.access = access;
        this.coverage = coverage;
        this.followUp = followUp;
        this.clock = clock;
    }

    public LeaveRequest approve(long id, DecisionInput in, Caller caller) {
        return decide(id, in, caller, Action.APPROVE);
    }

    public LeaveRequest reject(long id, DecisionInput in, Caller caller) {
        return decide(id, in, caller, Action.REJECT);
    }

    private LeaveRequest decide(long id, DecisionInput in, Caller caller, Action action) {
        long userId = caller.userId().orElseThrow(() -> new ForbiddenException("Only a person decides on leave"));
        String comment = Text.clean(in == null ? null : in.comment());
        if (action == Action.REJECT && comment == null) {
            throw InvalidInputException.field("comment", "is required when rejecting: say why");
        }
        LeaveRequest before = jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            dao.lockRequest(id).orElseThrow(() -> new NotFoundException("No leave request " + id));
            return access.read(dao, id);
        });
        if (!access.canSee(caller, before)) {
            throw new NotFoundException("No leave request " + id);
        }
        LeaveRequest after = jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            dao.lockRequest(id);
            LeaveRequest r = access.read(dao, id);
            Next next = LeaveTransitions.next(r.status(), action, r.currentStep(), r.lastStep().position(), false)
                    .orRefuse(id);
            // A cancellation is decided at the last step; a pending request at the step it waits at, as the decider saw it.
            Step step;
            Long substitute = null;
            if (r.status() == Status.CANCEL_REQUESTED) {
                step = r.lastStep();
            } else {
                if (in == null || in.step() == null) {
                    throw InvalidInputException.field("step", "is required: the step being decided, as the request shows it ("
                            + r.currentStep() + ")");
                }
                if (!in.step().equals(r.currentStep())) {
                    throw new ConflictException("Already decided: step " + in.step() + " of leave request " + id
                            + " was decided; it is now at step " + r.currentStep());
                }
                step = r.step(r.currentStep());
                substitute = in.substituteStaffId();
            }
            Authority who = authority(h, caller, r, step).orElseThrow(() -> new ForbiddenException(
                    r.status() == Status.CANCEL_REQUESTED ? "Only an approver of the last step decides on a cancellation"
                            : "You are not an approver of step " + step.position() + " of this request"));
            dao.insertDecision(id, next.decisionStep(), next.decision(), userId, who.onBehalfOf(), comment, clock.instant());
            if (substitute != null && action == Action.REJECT) {
                throw InvalidInputException.field("substituteStaffId", "is chosen when approving, not when rejecting");
            }
            if (substitute != null) {
                coverage.requireFree(h, r, substitute);
                // Chosen at an earlier step, it waits on the request until the leave is approved.
                dao.setSubstitute(id, substitute);
            }
            if (next.putsLeaveInForce()) {
                access.requireUnlocked(h, caller, r);
                Long chosen = substitute != null ? substitute : r.substituteStaffId();
                if (chosen != null) {
                    coverage.substitute(h, caller, r, chosen);
                }
            }
            if (next.withdrawsLeave()) {
                access.requireUnlocked(h, caller, r);
                coverage.withdrawSubstitutions(h, caller, r);
            }
            dao.setStatus(id, next.status(), next.currentStep(), clock.instant());
            LeaveRequest a = access.read(dao, id);
            audit.record(h, caller, "leave_request." + (action == Action.APPROVE ? "approve" : "reject"), "leave_request",
                    id, r.auditSummary(), a.auditSummary());
            return a;
        });
        followUp.changed(before, after);
        return after;
    }

    private Optional<Authority> authority(Handle h, Caller caller, LeaveRequest r, Step step) {
        if (r.staffIdEquals(caller.staffId())) {
            throw new ForbiddenException("Nobody approves their own leave request");
        }
        return access.actingAs(h, caller, r, step);
    }

    /** Whether the caller may act on the request now (for pages: show the buttons). */
    public boolean canDecide(LeaveRequest r, Caller caller) {
        if (r.staffIdEquals(caller.staffId()) || caller.isAgent()) {
            return false;
        }
        Step step = r.status() == Status.PENDING ? r.step(r.currentStep())
                : r.status() == Status.CANCEL_REQUESTED ? r.lastStep() : null;
        return step != null && access.actingAs(caller, r, step).isPresent();
    }

    /**
     * The requests waiting for this caller's decision, oldest first: where the step they wait at names the caller's
     * account, or is "supervisors" and the caller's scope holds the officer, or does either for an approver who
     * delegated to the caller today. Designated, not merely allowed: an admin may decide anything, but their inbox
     * holds only what names them. One statement, however many requests are open.
     */
    public List<LeaveRequest> inbox(Caller caller) {
        if (caller.isAgent()) {
            return List.of();
        }
        return jdbi.withExtension(LeaveDao.class, dao -> dao.inbox(caller.id(), caller.staffId(), delegationToday()))
                .stream().map(access::toRequest).toList();
    }

    /** How many requests wait for this caller's decision: the number beside "Approvals" on every page; one count. */
    public long inboxCount(Caller caller) {
        if (caller.isAgent()) {
            return 0;
        }
        return jdbi.withExtension(LeaveDao.class, dao -> dao.inboxCount(caller.id(), caller.staffId(), delegationToday()));
    }

    /** Every site's and department's chain with its steps (a department's applies before its site's). */
    public List<Chain> chains() {
        List<LeaveDao.ChainStepRow> rows = jdbi.withExtension(LeaveDao.class, LeaveDao::chainSteps);
        Map<Long, Chain> chains = new LinkedHashMap<>();
        for (LeaveDao.ChainStepRow r : rows) {
            Chain c = chains.computeIfAbsent(r.chainId(), id -> new Chain(id, r.siteId(), r.departmentId(), new ArrayList<>()));
            c.steps().add(r.step());
        }
        return chains.values().stream().map(c -> new Chain(c.id(), c.siteId(), c.departmentId(), List.copyOf(c.steps())))
                .toList();
    }

    /** Sets the chain of a site or a department; no steps removes it (the default, "supervisors", applies again). */
    public Optional<Chain> setChain(ChainInput in, Caller caller) {
        policy.requireAdmin(caller);
        List<String> problems = new ArrayList<>();
        if ((in.siteId() == null) == (in.departmentId() == null)) {
            problems.add("siteId or departmentId: give exactly one");
        }
        List<StepInput> steps = in.steps() == null ? List.of() : in.steps();
        if (steps.size() > 9) {
            problems.add("steps: at most 9");
        }
        for (int i = 0; i < steps.size(); i++) {
            StepInput s = steps.get(i);
            if (s == null || s.kind() == null) {
                problems.add("steps[" + i + "].kind is required: ACCOUNT or SUPERVISORS");
            } else if ((s.kind() == StepKind.ACCOUNT) != (s.accountId() != null)) {
                problems.add("steps[" + i + "].accountId is required for ACCOUNT and not allowed for SUPERVISORS");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid approval chain", problems);
        }
        return jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            for (int i = 0; i < steps.size(); i++) {
                Long account = steps.get(i).accountId();
                if (account != null && dao.account(account).filter(LeaveDao.AccountRow::active).isEmpty()) {
                    throw InvalidInputException.field("steps[" + i + "].accountId", "is not an active account: " + account);
                }
            }
            List<Chain> before = chains().stream().filter(c -> Objects.equals(c.siteId(), in.siteId())
                    && Objects.equals(c.departmentId(), in.departmentId())).toList();
            dao.insertChain(in.siteId(), in.departmentId());
            long id = dao.lockChain(in.siteId(), in.departmentId()).orElseThrow();
            dao.clearSteps(id);
            if (steps.isEmpty()) {
                dao.deleteChain(id);
                audit.record(h, caller, "leave_chain.remove", "leave_chain", id, before, null);
                return Optional.<Chain>empty();
            }
            for (int i = 0; i < steps.size(); i++) {
                dao.insertStep(id, i + 1, steps.get(i).kind().name(), steps.get(i).accountId());
            }
            dao.touchChain(id);
            List<Step> now = dao.chainSteps().stream().filter(r -> r.chainId() == id).map(LeaveDao.ChainStepRow::step)
                    .toList();
            Chain after = new Chain(id, in.siteId(), in.departmentId(), now);
            audit.record(h, caller, "leave_chain.set", "leave_chain", id, before.isEmpty() ? null : before.get(0), after);
            return Optional.of(after);
        });
    }

    /** The accounts a chain step or a delegation may name: active supervisors and admins. */
    public List<LeaveDao.AccountRow> approverAccounts() {
        return jdbi.withExtension(LeaveDao.class, LeaveDao::approverAccounts);
    }

    /** Delegations from or to the caller (every one for admins). */
    public List<LeaveDao.DelegationRow> delegations(Caller caller) {
        return jdbi.withExtension(LeaveDao.class, dao -> dao.delegations(caller.isAdmin(), caller.id()));
    }

    /**
     * An approver hands their approvals to another account that could approve (a supervisor or an administrator) for
     * a while; an admin may set one for anyone.
     */
    public LeaveDao.DelegationRow delegate(DelegationInput in, Caller caller) {
        long userId = caller.userId().orElseThrow(() -> new ForbiddenException("Only a person delegates"));
        long from = in.fromUserId() == null ? userId : in.fromUserId();
        if (from != userId && !caller.isAdmin()) {
            throw new ForbiddenException("Only an administrator delegates for someone else");
        }
        if (!caller.isAdmin() && !caller.isSupervisor()) {
            throw new ForbiddenException("Only approvers (supervisors) delegate their approvals");
        }
        List<String> problems = new ArrayList<>();
        if (in.toUserId() == null) {
            problems.add("toUserId is required");
        } else if (in.toUserId() == from) {
            problems.add("toUserId must be another account");
        }
        if (in.startsOn() == null || in.endsOn() == null) {
            problems.add("startsOn and endsOn are required");
        } else if (in.endsOn().isBefore(in.startsOn())) {
            problems.add("endsOn must not be before startsOn");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid delegation", problems);
        }
        return jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            LeaveDao.AccountRow to = dao.account(in.toUserId()).filter(LeaveDao.AccountRow::active)
                    .orElseThrow(() -> InvalidInputException.field("toUserId", "is not an active account: " + in.toUserId()));
            if (!dao.canApprove(to.id())) {
                throw InvalidInputException.field("toUserId", "is " + to.username() + ", who cannot approve leave:"
                        + " delegate to a supervisor or an administrator");
            }
            long id = dao.insertDelegation(from, in.toUserId(), in.startsOn(), in.endsOn(), userId);
            LeaveDao.DelegationRow row = dao.delegation(id).orElseThrow();
            audit.record(h, caller, "leave_delegation.create", "leave_delegation", id, null, row);
            return row;
        });
    }

    /**
     * Ends a delegation at once: from now on the delegate no longer decides in the delegator's name, so what waited
     * for them waits only for the delegator (who never stopped being an approver). The one who delegated and admins
     * revoke; the delegate sees the delegation but may not end it (403); anyone else is told it does not exist.
     */
    public LeaveDao.DelegationRow revokeDelegation(long id, Caller caller) {
        long userId = caller.userId().orElseThrow(() -> new ForbiddenException("Only a person revokes a delegation"));
        return jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            dao.lockDelegation(id).orElseThrow(() -> new NotFoundException("No delegation " + id));
            LeaveDao.DelegationRow before = dao.delegation(id).orElseThrow();
            if (!caller.isAdmin() && before.fromUserId() != userId) {
                if (before.toUserId() == userId) {
                    throw new ForbiddenException("Only " + before.fromUsername()
                            + ", who delegated, or an administrator revokes this delegation");
                }
                throw new NotFoundException("No delegation " + id);
            }
            if (before.revoked()) {
                throw new ConflictException("Already revoked: delegation " + id + " was revoked at " + before.revokedAt()
                        + " by " + before.revokedBy());
            }
            if (before.endsOn().isBefore(delegationToday())) {
                throw new ConflictException("Delegation " + id + " already ended on " + before.endsOn());
            }
            dao.revokeDelegation(id, clock.instant(), userId);
            LeaveDao.DelegationRow after = dao.delegation(id).orElseThrow();
            audit.record(h, caller, "leave_delegation.revoke", "leave_delegation", id, before, after);
            return after;
        });
    }

    /** Whether the page offers this caller the revoke button: their own (or, for admins, any) running or future one. */
    public boolean canRevoke(LeaveDao.DelegationRow d, Caller caller) {
        return !d.revoked() && !d.endsOn().isBefore(delegationToday())
                && (caller.isAdmin() || caller.userId().filter(u -> u == d.fromUserId()).isPresent());
    }

    /** Delegations run by the dates of the country's zone, as the inbox reads them. */
    private LocalDate delegationToday() {
        return LocalDate.now(clock.withZone(ZoneId.of("Asia/Ho_Chi_Minh")));
    }
}
