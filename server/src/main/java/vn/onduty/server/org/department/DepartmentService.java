package vn.onduty.server.org.department;

import jakarta.ws.rs.NotFoundException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.imports.Upsert;
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
        return jdbi.inTransaction(h -> insert(h, in, caller));
    }

    public Department update(long id, DepartmentInput in, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            Department before = h.attach(DepartmentDao.class).lock(id)
                    .orElseThrow(() -> new NotFoundException("No department " + id));
            return change(h, before, in, caller);
        });
    }

    /** A department by its code, within the caller's transaction (an import sees the departments it made before). */
    public Optional<Department> findCoded(Handle h, String code) {
        String c = Text.clean(code);
        return c == null ? Optional.empty() : h.attach(DepartmentDao.class).lockCoded(c.toUpperCase());
    }

    /** The department of this code created, changed to the input, or left as it is when it already says the same. */
    public Upsert<Department> upsert(Handle h, DepartmentInput in, Caller caller) {
        policy.requireAdmin(caller);
        Optional<Department> found = findCoded(h, in.code());
        if (found.isEmpty()) {
            return Upsert.created(insert(h, in, caller));
        }
        if (found.get().name().equals(Text.clean(in.name()))) {
            return Upsert.unchanged(found.get());
        }
        return Upsert.updated(change(h, found.get(), in, caller));
    }

    private Department insert(Handle h, DepartmentInput in, Caller caller) {
        Department d = h.attach(DepartmentDao.class).insert(Text.clean(in.code()).toUpperCase(), Text.clean(in.name()));
        audit.record(h, caller, "department.create", "department", d.id(), null, d);
        return d;
    }

    private Department change(Handle h, Department before, DepartmentInput in, Caller caller) {
        Department after = h.attach(DepartmentDao.class).update(before.id(), Text.clean(in.code()).toUpperCase(),
                Text.clean(in.name()));
        audit.record(h, caller, "department.update", "department", before.id(), before, after);
        return after;
    }

    public Department setActive(long id, boolean active, Caller caller) {
        return activation.set(ACTIVATION, id, active, caller);
    }
}
