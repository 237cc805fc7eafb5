package vn.onduty.server.attendance;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.api.Text;
import vn.onduty.server.attendance.queue.AttendanceQueue;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.site.SiteDao;

/**
 * Corrections of a day: an officer asks (for themself only), a supervisor in scope approves or rejects
 * with a comment, the author may cancel while it is pending. An approval adds what the request says as new
 * records pointing at it (manual punches, or the official-business status the recompute reads); nothing
 * stored before is edited. Nobody decides on their own request or their own day. Every step is audited.
 */
public final class CorrectionService {

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final AttendanceRecompute recompute;
    private final Clock clock;

    /** Whether the timesheet month of an officer's date is locked (filed) at a site. */
    @FunctionalInterface
    public interface MonthLock {
        boolean locked(Handle h, long siteId, long staffId, java.time.LocalDate date);
    }

    private final MonthLock monthLock;

    public CorrectionService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, AttendanceRecompute recompute,
                             MonthLock monthLock, Clock clock) {
        this.monthLock = monthLock;
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.recompute = recompute;
        this.clock = clock;
    }

    public Correction request(CorrectionInput in, Caller caller) {
        if (caller.staffId() == null || caller.isAgent()) {
            throw new ForbiddenException("Only a person linked to a staff record can ask to correct their own day");
        }
        long staffId = caller.staffId();
        Correction created = jdbi.inTransaction(h -> {
            AttendanceReadDao.OfficerRef officer = h.attach(AttendanceReadDao.class).officer(staffId)
                    .orElseThrow(() -> new ForbiddenException("The account's staff record does not exist"));
            ZoneId zone = ZoneId.of(h.attach(SiteDao.class).find(officer.homeSiteId()).orElseThrow().timeZone());
            Instant now = clock.instant();
            Checked what = check(in, zone, now);
            CorrectionDao dao = h.attach(CorrectionDao.class);
            if (dao.pendingExists(staffId, in.date())) {
                throw new ConflictException("A request for " + in.date() + " is already pending; cancel it or wait for its decision");
            }
            long id = dao.insert(staffId, in.date(), in.kind(), what.inAt(), what.outAt(), what.parts(),
                    Text.clean(in.reason()), caller.id(), now);
            Correction after = dao.find(id).orElseThrow();
            audit.record(h, caller, "attendance_correction.create", "attendance_correction", id, null, after);
            return after;
        });
        return created;
    }

    public Optional<Correction> find(long id, Caller caller) {
        return jdbi.withExtension(CorrectionDao.class, dao -> dao.find(id)).filter(c -> visible(c, caller));
    }

    /**
     * Requests within the caller's scope, newest first. {@code toDecide} keeps only those the caller may decide
     * on (not their own), for the approvals inbox.
     */
    public Page<Correction> list(Correction.Status status, Long staffId, Long siteId, boolean toDecide, PageRequest page,
                                 Caller caller) {
        AccessPolicy.StaffScope scope = policy.staffScope(caller);
        String s = status == null ? null : status.name();
        return jdbi.withExtension(CorrectionDao.class, dao -> new Page<>(
                dao.list(scope, s, staffId, siteId, toDecide, caller.staffId(), caller.id(), page.size(), page.offset()),
                page.page(), page.size(), dao.count(scope, s, staffId, siteId, toDecide, caller.staffId(), caller.id())));
    }

    /** How many pending requests the caller may decide on: the number beside "Duyệt" in the navigation. */
    public long pendingToDecide(Caller caller) {
        if (!caller.isAdmin() && !caller.isSupervisor()) {
            return 0;
        }
        AccessPolicy.StaffScope scope = policy.staffScope(caller);
        return jdbi.withExtension(CorrectionDao.class, dao -> dao.count(scope, Correction.Status.PENDING.name(), null,
                null, true, caller.staffId(), caller.id()));
    }

    /**
     * A supervisor's (or admin's) decision on a pending request. The single place every rule of deciding lives:
     * scope, never one's own, pending only, a reason to reject; then what an approval adds, the audit row, and
     * the recompute of the day.
     */
    public Correction decide(long id, Correction.Decision decision, String comment, Caller caller) {
        if (!caller.isAdmin() && !caller.isSupervisor()) {
            throw new ForbiddenException("Only a supervisor or an administrator decides on corrections");
        }
        String cleaned = Text.clean(comment);
        if (cleaned != null && cleaned.length() > 500) {
            throw InvalidInputException.field("comment", "must be at most 500 characters");
        }
        if (decision == Correction.Decision.REJECT && cleaned == null) {
            throw InvalidInputException.field("comment", "is required to reject: say why");
        }
        Correction decided = jdbi.inTransaction(h -> {
            CorrectionDao dao = h.attach(CorrectionDao.class);
            Correction before = locked(dao, id, caller);
            if (own(before, caller)) {
                throw new ForbiddenException("Nobody decides on a correction of their own day or their own request");
            }
            requirePending(before);
            if (decision == Correction.Decision.APPROVE && !caller.isAdmin()
                    && monthLock.locked(h, before.siteId(), before.staffId(), before.workDate())) {
                throw new ConflictException("Locked month: the timesheet of " + java.time.YearMonth.from(before.workDate())
                        + " is filed; only an administrator may change " + before.workDate());
            }
            Instant now = clock.instant();
            Correction.Status status = decision == Correction.Decision.APPROVE
                    ? Correction.Status.APPROVED : Correction.Status.REJECTED;
            dao.decide(id, status, caller.id(), now, cleaned);
            if (status == Correction.Status.APPROVED) {
                apply(h, before);
            }
            Correction after = dao.find(id).orElseThrow();
            audit.record(h, caller, "attendance_correction." + (status == Correction.Status.APPROVED ? "approve" : "reject"),
                    "attendance_correction", id, before, after);
            return after;
        });
        if (decided.status() == Correction.Status.APPROVED) {
            recompute.ensureFresh(List.of(decided.staffId()), decided.workDate(), decided.workDate());
        }
        return decided;
    }

    /** The author withdraws a request nobody has decided on yet. */
    public Correction cancel(long id, Caller caller) {
        return jdbi.inTransaction(h -> {
            CorrectionDao dao = h.attach(CorrectionDao.class);
            Correction before = locked(dao, id, caller);
            if (before.requestedBy() != caller.id() || caller.isAgent()) {
                throw new ForbiddenException("Only the person who asked may cancel a request");
            }
            requirePending(before);
            dao.cancel(id);
            Correction after = dao.find(id).orElseThrow();
            audit.record(h, caller, "attendance_correction.cancel", "attendance_correction", id, before, after);
            return after;
        });
    }

    /** What an approval adds: manual punches pointing at the request, and the day queued for recompute. */
    private static void apply(Handle h, Correction c) {
        if (c.addsPunches()) {
            CorrectionDao dao = h.attach(CorrectionDao.class);
            if (c.inAt() != null) {
                dao.insertManualPunch(c.staffId(), c.inAt(), c.id());
            }
            if (c.outAt() != null) {
                dao.insertManualPunch(c.staffId(), c.outAt(), c.id());
            }
        }
        h.attach(AttendanceQueue.class).day(c.staffId(), c.workDate());
    }

    private Correction locked(CorrectionDao dao, long id, Caller caller) {
        dao.lock(id).orElseThrow(() -> new NotFoundException("No correction " + id));
        Correction c = dao.find(id).orElseThrow();
        if (!visible(c, caller)) {
            throw new NotFoundException("No correction " + id);
        }
        return c;
    }

    private boolean visible(Correction c, Caller caller) {
        return c.requestedBy() == caller.id() && !caller.isAgent()
                || policy.canSeeStaff(caller, c.staffId(), c.siteId(), c.departmentId());
    }

    private static boolean own(Correction c, Caller caller) {
        return (caller.staffId() != null && caller.staffId() == c.staffId()) || c.requestedBy() == caller.id();
    }

    private static void requirePending(Correction c) {
        if (c.status() != Correction.Status.PENDING) {
            throw new ConflictException("Correction " + c.id() + " is already " + c.status());
        }
    }

    private record Checked(Instant inAt, Instant outAt, Correction.Parts parts) {}

    /** The rules across fields, each problem naming its field; times become instants of the officer's home zone. */
    private static Checked check(CorrectionInput in, ZoneId zone, Instant now) {
        List<String> problems = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, zone);
        if (in.date().isAfter(today)) {
            problems.add("date must not be in the future (today is " + today + ")");
        }
        if (in.date().isBefore(today.minusDays(366))) {
            problems.add("date must be within the last year");
        }
        Instant inAt = null;
        Instant outAt = null;
        if (in.kind() == Correction.Kind.OFFICIAL_BUSINESS) {
            if (in.parts() == null) {
                problems.add("parts is required for OFFICIAL_BUSINESS: MORNING, AFTERNOON or BOTH");
            }
            if (in.inTime() != null || in.outTime() != null) {
                problems.add("inTime and outTime apply only to MISSING_PUNCH and SENSOR_FAILURE");
            }
        } else {
            if (in.parts() != null) {
                problems.add("parts applies only to OFFICIAL_BUSINESS");
            }
            if (in.inTime() == null && in.outTime() == null) {
                problems.add("inTime or outTime is required: the punch to add");
            }
            inAt = in.inTime() == null ? null : in.date().atTime(LocalTime.parse(in.inTime())).atZone(zone).toInstant();
            outAt = in.outTime() == null ? null : in.date().atTime(LocalTime.parse(in.outTime())).atZone(zone).toInstant();
            if (inAt != null && outAt != null && !inAt.isBefore(outAt)) {
                problems.add("outTime must be after inTime");
            }
            if ((inAt != null && inAt.isAfter(now)) || (outAt != null && outAt.isAfter(now))) {
                problems.add("inTime and outTime must not be in the future");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid correction", problems);
        }
        return new Checked(inAt, outAt, in.kind() == Correction.Kind.OFFICIAL_BUSINESS ? in.parts() : null);
    }
}
