package vn.onduty.server.org.activation;

import jakarta.ws.rs.NotFoundException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;

/**
 * Deactivating and reactivating an organisation record, the same way for every kind: only an admin; the row locked
 * first, so two admins toggling at once are ordered; nothing written or audited when it already is so; otherwise the
 * change, whatever follows from it, and its audit event ({@code <kind>.deactivate} / {@code <kind>.reactivate}) in one
 * transaction.
 */
public final class Activation {

    /** Locks the record for update and reads it; empty when there is none. */
    @FunctionalInterface
    public interface Lock<R> {
        Optional<R> lock(Handle h, long id);
    }

    /** Writes the new state, and anything that must change with it, and returns the record as it now is. */
    @FunctionalInterface
    public interface Write<R> {
        R write(Handle h, long id, boolean active, R before);
    }

    /**
     * One kind of record: the audit action prefix ("site"), the audited entity type (its table), the not-found
     * text ("No site") and how to lock and write it.
     */
    public record Kind<R extends Activatable>(String action, String entityType, String notFound, Lock<R> lock,
                                              Write<R> write) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;

    public Activation(Jdbi jdbi, AuditLog audit, AccessPolicy policy) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
    }

    public <R extends Activatable> R set(Kind<R> kind, long id, boolean active, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            R before = kind.lock().lock(h, id).orElseThrow(() -> new NotFoundException(kind.notFound() + " " + id));
            if (before.active() == active) {
                return before;
            }
            R after = kind.write().write(h, id, active, before);
            audit.record(h, caller, kind.action() + (active ? ".reactivate" : ".deactivate"), kind.entityType(), id,
                    before, after);
            return after;
        });
    }
}
