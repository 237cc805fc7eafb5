package vn.onduty.server.org.site;

import jakarta.ws.rs.NotFoundException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.imports.Upsert;
import vn.onduty.server.org.activation.Activation;

/** Sites: every signed-in person may read them; admins create, change and deactivate them, audited. */
public final class SiteService {

    private static final Activation.Kind<Site> ACTIVATION = new Activation.Kind<>("site", "site", "No site",
            (h, id) -> h.attach(SiteDao.class).lock(id), (h, id, active, before) -> h.attach(SiteDao.class).setActive(id, active));

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final Activation activation;

    public SiteService(Jdbi jdbi, AuditLog audit, AccessPolicy policy) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.activation = new Activation(jdbi, audit, policy);
    }

    public Page<Site> list(String q, Boolean active, PageRequest page) {
        return jdbi.withExtension(SiteDao.class, dao -> new Page<>(
                dao.list(Text.clean(q), active, page.size(), page.offset()),
                page.page(), page.size(), dao.count(Text.clean(q), active)));
    }

    public Optional<Site> find(long id) {
        return jdbi.withExtension(SiteDao.class, dao -> dao.find(id));
    }

    public Site create(SiteInput in, Caller caller) {
        policy.requireAdmin(caller);
        String zone = validZone(in.timeZoneOrDefault());
        return jdbi.inTransaction(h -> insert(h, in, zone, caller));
    }

    public Site update(long id, SiteInput in, Caller caller) {
        policy.requireAdmin(caller);
        String zone = validZone(in.timeZoneOrDefault());
        return jdbi.inTransaction(h -> {
            Site before = h.attach(SiteDao.class).lock(id).orElseThrow(() -> new NotFoundException("No site " + id));
            return change(h, before, in, zone, caller);
        });
    }

    /** A site by its name, within the caller's transaction (an import sees the sites it made before). */
    public Optional<Site> findNamed(Handle h, String name) {
        return h.attach(SiteDao.class).lockNamed(Text.clean(name));
    }

    /** The site of this name created, changed to the input, or left as it is when it already says the same. */
    public Upsert<Site> upsert(Handle h, SiteInput in, Caller caller) {
        policy.requireAdmin(caller);
        String zone = validZone(in.timeZoneOrDefault());
        Optional<Site> found = findNamed(h, in.name());
        if (found.isEmpty()) {
            return Upsert.created(insert(h, in, zone, caller));
        }
        Site before = found.get();
        if (Objects.equals(before.address(), Text.clean(in.address())) && before.timeZone().equals(zone)) {
            return Upsert.unchanged(before);
        }
        return Upsert.updated(change(h, before, in, zone, caller));
    }

    private Site insert(Handle h, SiteInput in, String zone, Caller caller) {
        Site site = h.attach(SiteDao.class).insert(Text.clean(in.name()), Text.clean(in.address()), zone);
        audit.record(h, caller, "site.create", "site", site.id(), null, site);
        return site;
    }

    private Site change(Handle h, Site before, SiteInput in, String zone, Caller caller) {
        Site after = h.attach(SiteDao.class).update(before.id(), Text.clean(in.name()), Text.clean(in.address()), zone);
        audit.record(h, caller, "site.update", "site", before.id(), before, after);
        return after;
    }

    public Site setActive(long id, boolean active, Caller caller) {
        return activation.set(ACTIVATION, id, active, caller);
    }

    static String validZone(String zone) {
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            throw InvalidInputException.field("timeZone", "is not a known time zone: " + zone);
        }
    }
}
