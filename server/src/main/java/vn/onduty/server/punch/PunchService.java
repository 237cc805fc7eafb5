package vn.onduty.server.punch;

import jakarta.ws.rs.NotFoundException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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

/** Reading punches within the caller's scope, and resolving punches from slots nobody was enrolled in. */
public final class PunchService {

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;

    public PunchService(Jdbi jdbi, AuditLog audit, AccessPolicy policy) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
    }

    public Page<Punch> list(LocalDate from, LocalDate to, Long staffId, Long siteId, PageRequest page, Caller caller) {
        if (from == null || to == null) {
            throw new InvalidInputException("from and to are required", List.of(
                    (from == null ? "from" : "to") + " must be a date such as 2026-11-26"));
        }
        if (to.isBefore(from)) {
            throw InvalidInputException.field("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) > 366) {
            throw InvalidInputException.field("to", "must be at most 366 days after from");
        }
        AccessPolicy.StaffScope scope = policy.staffScope(caller);
        Page<Punch> found = jdbi.withExtension(PunchDao.class, dao -> new Page<>(
                dao.list(scope, from, to, staffId, siteId, page.size(), page.offset()), page.page(), page.size(),
                dao.count(scope, from, to, staffId, siteId)));
        audit.viewed(caller, "punches", "from=" + from + "&to=" + to + "&staff=" + (staffId == null ? "" : staffId)
                        + "&site=" + (siteId == null ? "" : siteId) + "&page=" + page.page() + "&size=" + page.size(),
                from + " – " + to, found.items().stream().map(Punch::staffId).toList());
        return found;
    }

    public List<Punch> unresolved(Long siteId, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.withExtension(PunchDao.class, dao -> dao.unresolved(siteId, 500));
    }

    /**
     * Punches whose device time was not believed when they arrived ({@link vn.onduty.server.devicetime.DeviceTimeCheck}).
     *
     * @param accepted true: only those accepted; false: only those waiting; null: both, waiting first
     */
    public List<Punch> timeFlagged(Long siteId, Boolean accepted, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.withExtension(PunchDao.class, dao -> dao.timeFlagged(siteId, accepted, 500));
    }

    /** How many flagged punches wait for an admin. */
    public long timeFlaggedWaiting(Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.withExtension(PunchDao.class, PunchDao::timeFlaggedWaiting);
    }

    /**
     * An admin says a flagged punch's device time is right: a new record pointing at the punch, audited; from then on
     * attendance counts it (its officer's day is recomputed).
     *
     * @throws ConflictException when its time was never flagged, or was already accepted
     */
    public Punch acceptTime(long punchId, String note, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            PunchDao dao = h.attach(PunchDao.class);
            dao.lock(punchId).orElseThrow(() -> new NotFoundException("No punch " + punchId));
            Punch before = dao.find(punchId).orElseThrow();
            if (before.timeFlag() == null) {
                throw new ConflictException("Punch " + punchId + " has a device time that was believed; nothing to accept");
            }
            if (before.timeAcceptedAt() != null) {
                throw new ConflictException("The time of punch " + punchId + " was already accepted at " + before.timeAcceptedAt());
            }
            dao.acceptTime(punchId, caller.id(), Text.clean(note));
            h.attach(AttendanceQueue.class).punchTimeAccepted(punchId);
            Punch after = dao.find(punchId).orElseThrow();
            audit.record(h, caller, "punch.time_accept", "punch", punchId,
                    Map.of("at", before.at().toString(), "timeFlag", before.timeFlag()),
                    Map.of("acceptedAt", after.timeAcceptedAt().toString(), "note", note == null ? "" : note));
            return after;
        });
    }

    /** Says whose an unresolved punch was: a new record pointing at the punch, audited. */
    public Punch resolve(long punchId, long staffId, String note, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            PunchDao dao = h.attach(PunchDao.class);
            dao.lock(punchId).orElseThrow(() -> new NotFoundException("No punch " + punchId));
            Punch before = dao.find(punchId).orElseThrow();
            if (before.staffId() != null) {
                throw new ConflictException("Punch " + punchId + " already belongs to staff member " + before.staffId());
            }
            dao.resolve(punchId, staffId, caller.id(), Text.clean(note));
            h.attach(AttendanceQueue.class).punchResolved(punchId, staffId);
            Punch after = dao.find(punchId).orElseThrow();
            audit.record(h, caller, "punch.resolve", "punch", punchId, before,
                    Map.of("staffId", staffId, "note", note == null ? "" : note));
            return after;
        });
    }
}
