package vn.onduty.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;

/**
 * Writes the append-only audit log. Changes are recorded on the caller's own handle, so the audit
 * row commits or rolls back with the change it describes.
 */
public final class AuditLog {

    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final Clock clock;

    public AuditLog(Jdbi jdbi, ObjectMapper json, Clock clock) {
        this.jdbi = jdbi;
        this.json = json;
        this.clock = clock;
    }

    /** Records a change inside the transaction that makes it. */
    public void record(Handle handle, Caller actor, String action, String entityType, Object entityId,
                       Object before, Object after) {
        handle.attach(AuditDao.class).insert(clock.instant(),
                actor == null || actor.isAgent() || actor.isSystem() ? null : actor.id(),
                actor == null ? "anonymous" : actor.name(),
                action, entityType, entityId == null ? null : String.valueOf(entityId),
                toJson(before), toJson(after), actor == null ? null : actor.ip());
    }

    /** Records an event that is not part of a larger change (a login attempt), in its own transaction. */
    public void record(String actorName, Long actorUserId, String ip, String action, String entityType,
                       Object entityId, Object details) {
        jdbi.useHandle(h -> h.attach(AuditDao.class).insert(clock.instant(), actorUserId, actorName, action,
                entityType, entityId == null ? null : String.valueOf(entityId), null, toJson(details), ip));
    }

    public Page<AuditEntry> list(String entityType, String entityId, String action, String actor, PageRequest page) {
        return jdbi.withHandle(h -> {
            AuditDao dao = h.attach(AuditDao.class);
            return new Page<>(dao.list(blankToNull(entityType), blankToNull(entityId), blankToNull(action),
                    blankToNull(actor), page.size(), page.offset()), page.page(), page.size(),
                    dao.count(blankToNull(entityType), blankToNull(entityId), blankToNull(action), blankToNull(actor)));
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write audit detail as JSON", e);
        }
    }
}
