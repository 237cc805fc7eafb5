package vn.onduty.server.org.staff;

import jakarta.ws.rs.NotFoundException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;

/**
 * Staff records. Reads are cut to the caller's scope (an officer sees only themselves); a record out
 * of scope answers 404, as if it did not exist. Only admins change records, audited.
 */
public final class StaffService {

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;

    public StaffService(Jdbi jdbi, AuditLog audit, AccessPolicy policy) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
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

    public Staff create(StaffInput in, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            Staff s = h.attach(StaffDao.class).insert(Text.clean(in.code()).toUpperCase(), Text.clean(in.fullName()),
                    in.departmentId(), in.homeSiteId(), Text.clean(in.position()), in.serviceStartDate(),
                    Text.clean(in.email()), Text.clean(in.phone()));
            audit.record(h, caller, "staff.create", "staff", s.id(), null, s);
            return s;
        });
    }

    public Staff update(long id, StaffInput in, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            StaffDao dao = h.attach(StaffDao.class);
            Staff before = dao.lock(id).orElseThrow(() -> new NotFoundException("No staff member " + id));
            Staff after = dao.update(id, Text.clean(in.code()).toUpperCase(), Text.clean(in.fullName()),
                    in.departmentId(), in.homeSiteId(), Text.clean(in.position()), in.serviceStartDate(),
                    Text.clean(in.email()), Text.clean(in.phone()));
            audit.record(h, caller, "staff.update", "staff", id, before, after);
            return after;
        });
    }

    public Staff setActive(long id, boolean active, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            StaffDao dao = h.attach(StaffDao.class);
            Staff before = dao.lock(id).orElseThrow(() -> new NotFoundException("No staff member " + id));
            if (before.active() == active) {
                return before;
            }
            Staff after = dao.setActive(id, active);
            audit.record(h, caller, active ? "staff.reactivate" : "staff.deactivate", "staff", id, before, after);
            return after;
        });
    }
}
