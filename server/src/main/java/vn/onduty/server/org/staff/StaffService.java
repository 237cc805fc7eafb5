package vn.onduty.server.org.staff;

import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.api.Text;
import vn.onduty.server.attendance.queue.AttendanceQueue;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.imports.Upsert;
import vn.onduty.server.org.activation.Activation;
import vn.onduty.server.org.site.SiteDao;

/**
 * Staff records. Reads are cut to the caller's scope (an officer sees only themselves); a record out
 * of scope answers 404, as if it did not exist. Only admins change records, audited.
 *
 * <p>A change that daily attendance computes from queues the officer's days for recomputing, in the change's
 * own transaction (so no read can see the new record beside the old attendance):
 * <ul>
 *   <li>home site (the calendar, time zone and site of every session): the days of the current month (in the
 *       new site's zone) through tomorrow, and any later day already computed (planned leave). The record
 *       keeps no history of sites, so a change takes effect from the first of the month it is made in; earlier
 *       months keep the site they were computed with, as they do after a working calendar change;</li>
 *   <li>service start date: the days between the old and the new date, which stop or start counting (days
 *       never computed before are computed when first read);</li>
 *   <li>reactivation: as a home site change (punches that came while the officer was inactive were not
 *       counted). Deactivation queues nothing: an inactive officer's days are kept as last computed.</li>
 * </ul>
 * Days in a month whose timesheet is locked for the officer, before or after the change, are not queued: a
 * filed month stays as filed. The department, name and position are read live by the timesheet and need no
 * recompute.
 */
public final class StaffService {

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final Activation activation;
    private final Activation.Kind<Staff> activationOf;
    private final Clock clock;

    public StaffService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.activation = new Activation(jdbi, audit, policy);
        this.activationOf = new Activation.Kind<>("staff", "staff", "No staff member", (h, id) -> h.attach(StaffDao.class).lock(id),
                (h, id, active, before) -> {
                    Staff after = h.attach(StaffDao.class).setActive(id, active);
                    queueAttendance(h, before, after);
                    return after;
                });
        this.clock = clock;
    }

    public Page<Staff> list(Long siteId, Long departmentId, String q, Boolean active, PageRequest page, Caller caller) {
        AccessPolicy.StaffScope scope = policy.staffScope(caller);
        String query = Text.clean(q);
        return jdbi.withExtension(StaffDao.class, dao -> new Page<>(
                dao.list(scope, siteId, departmentId, query, active, page.size(), page.offset()),
                page.page(), page.size(), dao.count(scope, siteId, departmentId, query, active)));
    }

    public Optional<Staff> find(long id, Caller caller) {
        return jdbi.withExtension(StaffDao.class, dao -> dao.find(id))
                .filter(s -> policy.canSeeStaff(caller, s.id(), s.homeSiteId(), s.departmentId()));
    }

    /** The time zone of the caller's home site, when the caller is a staff member. */
    public Optional<ZoneId> homeZone(Caller caller) {
        return caller.staff().flatMap(id -> jdbi.withHandle(h -> h.attach(StaffDao.class).find(id)
                .flatMap(st -> h.attach(SiteDao.class).find(st.homeSiteId()))
                .map(site -> ZoneId.of(site.timeZone()))));
    }

    /** The record as stored: texts cleaned, defaults applied; the end of service is not before its start. */
    static StaffDao.Fields fields(StaffInput in) {
        if (in.endOfServiceDate() != null && in.serviceStartDate() != null
                && in.endOfServiceDate().isBefore(in.serviceStartDate())) {
            throw InvalidInputException.field("endOfServiceDate", "must not be before serviceStartDate ("
                    + in.serviceStartDate() + "), got " + in.endOfServiceDate());
        }
        return new StaffDao.Fields(Text.clean(in.code()).toUpperCase(), Text.clean(in.fullName()), in.departmentId(),
                in.homeSiteId(), Text.clean(in.position()), in.serviceStartDate(), in.endOfServiceDate(),
                in.staffCategoryOrDefault(), Text.clean(in.grade()), Text.clean(in.gradeCode()),
                in.regionalAllowanceOrZero(), Text.clean(in.email()), Text.clean(in.phone()));
    }

    public Staff create(StaffInput in, Caller caller) {
        policy.requireAdmin(caller);
        fields(in);
        return jdbi.inTransaction(h -> insert(h, in, caller));
    }

    public Staff update(long id, StaffInput in, Caller caller) {
        policy.requireAdmin(caller);
        fields(in);
        return jdbi.inTransaction(h -> {
            Staff before = h.attach(StaffDao.class).lock(id).orElseThrow(() -> new NotFoundException("No staff member " + id));
            return change(h, before, in, caller);
        });
    }

    /** A staff member by code, within the caller's transaction (an import sees the staff it made before). */
    public Optional<Staff> findCoded(Handle h, String code) {
        String c = Text.clean(code);
        return c == null ? Optional.empty() : h.attach(StaffDao.class).lockCoded(c.toUpperCase());
    }

    /**
     * The staff member of this code created, changed to the input (queueing the attendance the change makes stale, as
     * an update does), or left as it is when the record already says the same.
     */
    public Upsert<Staff> upsert(Handle h, StaffInput in, Caller caller) {
        policy.requireAdmin(caller);
        Optional<Staff> found = findCoded(h, in.code());
        if (found.isEmpty()) {
            return Upsert.created(insert(h, in, caller));
        }
        Staff s = found.get();
        return comparable(fields(in)).equals(storedFields(s)) ? Upsert.unchanged(s) : Upsert.updated(change(h, s, in, caller));
    }

    /**
     * The record as it would be stored, to compare with what is: built by {@link #fields} and from {@link Staff} alike,
     * so a field added to the staff record fails to compile in {@link #storedFields} until it is compared too.
     */
    private static StaffDao.Fields comparable(StaffDao.Fields f) {
        return new StaffDao.Fields(f.code(), f.fullName(), f.departmentId(), f.homeSiteId(), f.position(),
                f.serviceStartDate(), f.endOfServiceDate(), f.staffCategory(), f.grade(), f.gradeCode(),
                f.regionalAllowance() == null ? null : f.regionalAllowance().stripTrailingZeros(), f.email(), f.phone());
    }

    private static StaffDao.Fields storedFields(Staff s) {
        return comparable(new StaffDao.Fields(s.code(), s.fullName(), s.departmentId(), s.homeSiteId(), s.position(),
                s.serviceStartDate(), s.endOfServiceDate(), s.staffCategory(), s.grade(), s.gradeCode(),
                s.regionalAllowance(), s.email(), s.phone()));
    }

    private Staff insert(Handle h, StaffInput in, Caller caller) {
        Staff s = h.attach(StaffDao.class).insert(fields(in));
        audit.record(h, caller, "staff.create", "staff", s.id(), null, s);
        return s;
    }

    private Staff change(Handle h, Staff before, StaffInput in, Caller caller) {
        Staff after = h.attach(StaffDao.class).update(before.id(), fields(in));
        audit.record(h, caller, "staff.update", "staff", before.id(), before, after);
        queueAttendance(h, before, after);
        return after;
    }

    public Staff setActive(long id, boolean active, Caller caller) {
        return activation.set(activationOf, id, active, caller);
    }

    /** Records (or clears, with null) the officer's last day of service, as the staff form does; audited. */
    public Staff setEndOfService(long id, LocalDate date, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            StaffDao dao = h.attach(StaffDao.class);
            Staff before = dao.lock(id).orElseThrow(() -> new NotFoundException("No staff member " + id));
            if (date != null && before.serviceStartDate() != null && date.isBefore(before.serviceStartDate())) {
                throw InvalidInputException.field("endOfServiceDate", "must not be before serviceStartDate ("
                        + before.serviceStartDate() + "), got " + date);
            }
            if (Objects.equals(before.endOfServiceDate(), date)) {
                return before;
            }
            Staff after = dao.setEndOfService(id, date);
            audit.record(h, caller, "staff.end_of_service", "staff", id, Map.of("endOfServiceDate", String.valueOf(before.endOfServiceDate())),
                    Map.of("endOfServiceDate", String.valueOf(date)));
            queueAttendance(h, before, after);
            return after;
        });
    }

    /** The post category decides the annual leave base; leave allocations read it when they are next computed. */
    public void setPostCategory(long staffId, PostCategory category, Caller caller) {
        policy.requireAdmin(caller);
        jdbi.useTransaction(h -> {
            StaffDao dao = h.attach(StaffDao.class);
            dao.lock(staffId).orElseThrow(() -> new NotFoundException("No staff member " + staffId));
            String before = dao.postCategory(staffId).orElseThrow();
            if (before.equals(category.name())) {
                return;
            }
            dao.setPostCategory(staffId, category.name());
            audit.record(h, caller, "staff.post_category", "staff", staffId, Map.of("postCategory", before),
                    Map.of("postCategory", category.name()));
        });
    }

    public PostCategory postCategory(long staffId) {
        return jdbi.withExtension(StaffDao.class, dao -> dao.postCategory(staffId)).map(PostCategory::valueOf)
                .orElse(PostCategory.NORMAL);
    }

    /** Queues the officer's attendance days that the change makes stale (see the class comment). */
    private void queueAttendance(Handle h, Staff before, Staff after) {
        if (!after.active()) {
            return;
        }
        AttendanceQueue queue = h.attach(AttendanceQueue.class);
        ZoneId zone = ZoneId.of(h.attach(SiteDao.class).find(after.homeSiteId()).orElseThrow().timeZone());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (before.homeSiteId() != after.homeSiteId() || !before.active()) {
            queue.staffChanged(after.id(), today.withDayOfMonth(1), today.plusDays(1), true, before.homeSiteId(),
                    before.departmentId());
        }
        LocalDate endWas = before.endOfServiceDate();
        LocalDate endNow = after.endOfServiceDate();
        if (!Objects.equals(endWas, endNow)) {
            // The days between the old and the new last day stop or start counting; an end removed or set far
            // ahead reopens the days after the earlier one up to tomorrow.
            LocalDate earlier = endWas == null ? endNow : endNow == null ? endWas : endWas.isBefore(endNow) ? endWas : endNow;
            LocalDate later = endWas == null || endNow == null ? today.plusDays(1) : endWas.isAfter(endNow) ? endWas : endNow;
            later = later.isAfter(today.plusDays(1)) ? today.plusDays(1) : later;
            if (!earlier.plusDays(1).isAfter(later)) {
                queue.staffChanged(after.id(), earlier.plusDays(1), later, false, before.homeSiteId(), before.departmentId());
            }
        }
        LocalDate was = before.serviceStartDate();
        LocalDate now = after.serviceStartDate();
        if (!Objects.equals(was, now)) {
            // From the earlier start (or the first computed day, when one of them is not set) to the day before the later.
            LocalDate from = was == null || now == null ? null : was.isBefore(now) ? was : now;
            LocalDate later = was == null ? now : now == null ? was : was.isAfter(now) ? was : now;
            queue.staffChanged(after.id(), from, later.minusDays(1), false, before.homeSiteId(), before.departmentId());
        }
    }
}
