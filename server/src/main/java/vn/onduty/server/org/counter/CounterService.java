package vn.onduty.server.org.counter;

import jakarta.ws.rs.NotFoundException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
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
        return jdbi.inTransaction(h -> {
            Counter c = h.attach(CounterDao.class).insert(in.siteId(), in.departmentId(), in.number(), Text.clean(in.name()), services(in));
            audit.record(h, caller, "counter.create", "counter", c.id(), null, c);
            return c;
        });
    }

    public Counter update(long id, CounterInput in, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            CounterDao dao = h.attach(CounterDao.class);
            Counter before = dao.lock(id).orElseThrow(() -> new NotFoundException("No counter " + id));
            Counter after = dao.update(id, in.siteId(), in.departmentId(), in.number(), Text.clean(in.name()), services(in));
            audit.record(h, caller, "counter.update", "counter", id, before, after);
            return after;
        });
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
