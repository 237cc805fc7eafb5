package vn.onduty.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;

/**
 * Writes the append-only audit log. Changes are recorded on the caller's own handle, so the audit
 * row commits or rolls back with the change it describes. Reads of other officers' records are recorded too
 * ({@link #viewed}), naming whose records they were, so an officer can see who looked at theirs.
 */
public final class AuditLog {

    /**
     * A view read again by the same person within this time, showing nobody it did not already show, is the same
     * look: a supervisor's board refreshed every few seconds writes one event, not one per refresh and officer.
     */
    public static final Duration SAME_LOOK = Duration.ofMinutes(15);

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

    /**
     * Records that a person saw other officers' records: {@code what} was read ("timesheet", "leave_attachment", ...),
     * {@code view} says which one (its parameters, e.g. "site=1&month=2026-11"), {@code label} names it for the
     * officers concerned (e.g. "11/2026 · Cơ sở 1"), {@code staffIds} whose records it showed. The viewer's own
     * record does not count; a list view is one event naming everyone on it. A read of the same view within
     * {@link #SAME_LOOK} that shows nobody new is not written again. Agents and the server itself read nothing.
     */
    public void viewed(Caller viewer, String what, String view, String label, Collection<Long> staffIds) {
        read(viewer, what, view, label, staffIds, false);
    }

    /** Like {@link #viewed}, but written every time: a download leaves the system, each one counts. */
    public void exported(Caller viewer, String what, String view, String label, Collection<Long> staffIds) {
        read(viewer, what, view, label, staffIds, true);
    }

    private void read(Caller viewer, String what, String view, String label, Collection<Long> staffIds,
                      boolean everyTime) {
        if (viewer == null || viewer.isAgent() || viewer.isSystem()) {
            return;
        }
        List<Long> others = staffIds.stream().filter(Objects::nonNull)
                .filter(id -> !id.equals(viewer.staffId())).distinct().sorted().toList();
        if (others.isEmpty()) {
            return;
        }
        String action = "read." + what;
        Instant now = clock.instant();
        jdbi.useTransaction(h -> {
            AuditDao dao = h.attach(AuditDao.class);
            if (!everyTime && dao.readRecently(viewer.id(), action, view, now.minus(SAME_LOOK), others.toArray(Long[]::new))) {
                return;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("label", label);
            details.put("staffIds", others);
            long id = dao.insertRead(now, viewer.id(), viewer.name(), action, what, view, toJson(details), viewer.ip());
            dao.insertSubjects(id, others);
        });
    }

    /** Who looked at an officer's records, newest first. */
    public Page<ReadEntry> readsOf(long staffId, PageRequest page) {
        return jdbi.withHandle(h -> {
            AuditDao dao = h.attach(AuditDao.class);
            return new Page<>(dao.readsOf(staffId, page.size(), page.offset()), page.page(), page.size(),
                    dao.countReadsOf(staffId));
        });
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
