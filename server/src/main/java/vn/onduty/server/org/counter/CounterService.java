package vn.onduty.server.org.counter;

import jakarta.ws.rs.NotFoundException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
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

/** Counters: readable by every signed-in person; admins change them, audited. */
public final class CounterService {

    private static final Activation.Kind<Counter> ACTIVATION = new Activation.Kind<>("counter", "counter", "No counter",
            (h, id) -> h.attach(CounterDao.class).lock(id), (h, id, active, before) -> h.attach(CounterDao.class).setActive(id, active));

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final Activation activation;

    public CounterService(Jdbi jdbi, AuditLog audit, AccessPolicy policy) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.activation = new Activation(jdbi, audit, policy);
    }

    public Page<Counter> list(Long siteId, String q, Boolean active, PageRequest page) {
        String query = Text.clean(q);
        return jdbi.withExtension(CounterDao.class, dao -> new Page<>(
                dao.list(siteId, query, active, page.size(), page.offset()),
                page.page(), page.size(), dao.count(siteId, query, active)));
    }

    public Optional<Counter> find(long id) {
        return jdbi.withExtension(CounterDao.class, dao -> dao.find(id));
    }

    public Counter create(CounterInput in, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> insert(h, in, caller));
    }

    public Counter update(long id, CounterInput in, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            Counter before = h.attach(CounterDao.class).lock(id).orElseThrow(() -> new NotFoundException("No counter " + id));
            return change(h, before, in, caller);
        });
    }

    /** A site's counter by its number, within the caller's transaction. */
    public Optional<Counter> findNumbered(Handle h, long siteId, int number) {
        return h.attach(CounterDao.class).lockNumbered(siteId, number);
    }

    /**
     * The site's counter of this number created, changed to the input, or left as it is when it already says the same
     * (its name, department and services, in the order given).
     */
    public Upsert<Counter> upsert(Handle h, CounterInput in, Caller caller) {
        policy.requireAdmin(caller);
        Optional<Counter> found = findNumbered(h, in.siteId(), in.number());
        if (found.isEmpty()) {
            return Upsert.created(insert(h, in, caller));
        }
        Counter before = found.get();
        if (before.name().equals(Text.clean(in.name())) && Objects.equals(before.departmentId(), in.departmentId())
                && before.services().equals(List.of(services(in)))) {
            return Upsert.unchanged(before);
        }
        return Upsert.updated(change(h, before, in, caller));
    }

    private Counter insert(Handle h, CounterInput in, Caller caller) {
        Counter c = h.attach(CounterDao.class).insert(in.siteId(), in.departmentId(), in.number(), Text.clean(in.name()),
                services(in));
        audit.record(h, caller, "counter.create", "counter", c.id(), null, c);
        return c;
    }

    private Counter change(Handle h, Counter before, CounterInput in, Caller caller) {
        Counter after = h.attach(CounterDao.class).update(before.id(), in.siteId(), in.departmentId(), in.number(),
                Text.clean(in.name()), services(in));
        audit.record(h, caller, "counter.update", "counter", before.id(), before, after);
        return after;
    }

    public Counter setActive(long id, boolean active, Caller caller) {
        return activation.set(ACTIVATION, id, active, caller);
    }

    /** Trimmed, de-duplicated, in the order given. */
    private static String[] services(CounterInput in) {
        List<String> given = in.services() == null ? List.of() : in.services();
        return given.stream().map(Text::clean).filter(Objects::nonNull)
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)).toArray(String[]::new);
    }
}
