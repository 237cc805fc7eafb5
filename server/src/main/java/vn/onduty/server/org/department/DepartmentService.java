package vn.onduty.server.org.department;

import jakarta.ws.rs.NotFoundException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.activation.Activation;

/** Departments: readable by every signed-in person; admins change them, audited. */
public final class DepartmentService {

    private static final Activation.Kind<Department> ACTIVATION = new Activation.Kind<>("department", "department", "No department",
            (h, id) -> h.attach(DepartmentDao.class).lock(id), (h, id, active, before) -> h.attach(DepartmentDao.class).setActive(id, active));

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final Activation activation;

    public DepartmentService(Jdbi jdbi, AuditLog audit, AccessPolicy policy) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.activation = new Activation(jdbi, audit, policy);
    }

    public Page<Department> list(String q, Boolean active, PageRequest page) {
        return jdbi.withExtension(DepartmentDao.class, dao -> new Page<>(
                dao.list(Text.clean(q), active, page.size(), page.offset()),
                page.page(), page.size(), dao.count(Text.clean(q), active)));
    }

    public Optional<Department> find(long id) {
        return jdbi.withExtension(DepartmentDao.class, dao -> dao.find(id));
    }

    public Department create(DepartmentInput in, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            Department d = h.attach(DepartmentDao.class).insert(Text.clean(in.code()).toUpperCase(), Text.clean(in.name()));
            audit.record(h, caller, "department.create", "department", d.id(), null, d);
            return d;
        });
    }

    public Department update(long id, DepartmentInput in, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            DepartmentDao dao = h.attach(DepartmentDao.class);
            Department before = dao.lock(id).orElseThrow(() -> new NotFoundException("No department " + id));
            Department after = dao.update(id, Text.clean(in.code()).toUpperCase(), Text.clean(in.name()));
            audit.record(h, caller, "department.update", "department", id, before, after);
            return after;
        });
    }

    public Department setActive(long id, boolean active, Caller caller) {
        return activation.set(ACTIVATION, id, active, caller);
    }
}
