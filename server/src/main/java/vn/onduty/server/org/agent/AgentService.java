package vn.onduty.server.org.agent;

import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.login.AgentTokens;
import vn.onduty.server.login.AuthService;
import vn.onduty.server.login.Tokens;
import vn.onduty.server.org.activation.Activation;

/**
 * Device agents. A new token is shown once, in the answer that creates it, and stored only as a
 * SHA-256 hash; deactivating an agent refuses its token at once.
 */
public final class AgentService {

    private static final Activation.Kind<Agent> ACTIVATION = new Activation.Kind<>("agent", "device_agent", "No agent",
            (h, id) -> h.attach(AgentDao.class).lock(id), (h, id, active, before) -> h.attach(AgentDao.class).setActive(id, active));

    /**
     * An agent polls for commands every 2 s, and its last contact is written at most once a minute
     * ({@code AuthService}): an agent not heard from for two minutes is offline.
     */
    static final Duration ONLINE_WITHIN = Duration.ofMinutes(2);

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final Activation activation;
    private final AgentTokens tokens;
    private final Clock clock;

    public AgentService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, AgentTokens tokens, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.activation = new Activation(jdbi, audit, policy);
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Active agents heard from in the last {@link #ONLINE_WITHIN}: what monitoring watches. */
    public long countOnline() {
        return jdbi.withExtension(AgentDao.class, dao -> dao.presence(clock.instant().minus(ONLINE_WITHIN))).online();
    }

    /** Agents not deactivated, online or not. */
    public long countActive() {
        return jdbi.withExtension(AgentDao.class, dao -> dao.presence(clock.instant().minus(ONLINE_WITHIN))).active();
    }

    public Page<Agent> list(Long siteId, String q, Boolean active, PageRequest page) {
        String query = Text.clean(q);
        return jdbi.withExtension(AgentDao.class, dao -> new Page<>(
                dao.list(siteId, query, active, page.size(), page.offset()), page.page(), page.size(),
                dao.count(siteId, query, active)));
    }

    public Optional<Agent> find(long id) {
        return jdbi.withExtension(AgentDao.class, dao -> dao.find(id));
    }

    public AgentWithToken create(AgentInput in, Caller caller) {
        policy.requireAdmin(caller);
        String token = Tokens.newToken(AuthService.AGENT_TOKEN_PREFIX);
        return jdbi.inTransaction(h -> {
            Agent a = h.attach(AgentDao.class).insert(in.siteId(), Text.clean(in.name()), Tokens.sha256(token), prefix(token));
            audit.record(h, caller, "agent.create", "device_agent", a.id(), null, a);
            return new AgentWithToken(a, token);
        });
    }

    public Agent update(long id, AgentInput in, Caller caller) {
        policy.requireAdmin(caller);
        Agent updated = jdbi.inTransaction(h -> {
            AgentDao dao = h.attach(AgentDao.class);
            Agent before = dao.lock(id).orElseThrow(() -> new NotFoundException("No agent " + id));
            List<String> watched = dao.cameraNames(id);
            if (before.siteId() != in.siteId() && !watched.isEmpty()) {
                throw new ConflictException("siteId: agent " + before.name() + " watches the cameras "
                        + String.join(", ", watched) + " of its site; give them another agent on their pages before "
                        + "moving it to another site");
            }
            Agent after = dao.update(id, in.siteId(), Text.clean(in.name()));
            audit.record(h, caller, "agent.update", "device_agent", id, before, after);
            return after;
        });
        // Its requests from now on carry the new site and name (other instances forget it on the notification).
        tokens.forget(id);
        return updated;
    }

    public AgentWithToken rotateToken(long id, Caller caller) {
        policy.requireAdmin(caller);
        String token = Tokens.newToken(AuthService.AGENT_TOKEN_PREFIX);
        AgentWithToken rotated = jdbi.inTransaction(h -> {
            AgentDao dao = h.attach(AgentDao.class);
            Agent before = dao.lock(id).orElseThrow(() -> new NotFoundException("No agent " + id));
            Agent after = dao.setToken(id, Tokens.sha256(token), prefix(token));
            audit.record(h, caller, "agent.rotate_token", "device_agent", id,
                    Map.of("tokenPrefix", before.tokenPrefix()), Map.of("tokenPrefix", after.tokenPrefix()));
            return new AgentWithToken(after, token);
        });
        // The old token is refused from the admin's answer on (other instances forget it on the notification).
        tokens.forget(id);
        return rotated;
    }

    public Agent setActive(long id, boolean active, Caller caller) {
        Agent changed = activation.set(ACTIVATION, id, active, caller);
        // A deactivated agent's token is refused from the admin's answer on.
        tokens.forget(id);
        return changed;
    }

    /** Enough of the token to recognise it in a config file, not enough to use it. */
    private static String prefix(String token) {
        return token.substring(0, AuthService.AGENT_TOKEN_PREFIX.length() + 6);
    }
}
