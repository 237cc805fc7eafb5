package vn.onduty.server.login;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SingleValue;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Sessions and API tokens: the state every server instance shares (throttling: {@link LoginThrottleDao}; agents' tokens:
 * {@link AgentLoginDao}).
 */
@RegisterConstructorMapper(SessionRow.class)
@RegisterConstructorMapper(AccountCredentials.class)
public interface SessionDao {

    @SqlQuery("select id, username, password_hash, active from user_account where username = :username")
    Optional<AccountCredentials> credentials(@Bind("username") String username);

    /** Whether anyone can administer: on a fresh database nobody can, until {@code create-admin} runs. */
    @SqlQuery("select exists (select 1 from user_account where active and 'ADMIN' = any(roles))")
    boolean anyActiveAdmin();

    @SqlQuery("select roles from user_account where id = :id")
    @SingleValue
    String[] roles(@Bind("id") long id);

    @SqlUpdate("""
            insert into auth_session (token_hash, user_id, kind, csrf_token, created_at, last_seen_at, expires_at, ip)
            values (:tokenHash, :userId, :kind, :csrf, :now, :now, :expiresAt, :ip)
            """)
    @GetGeneratedKeys("id")
    long create(@Bind("tokenHash") byte[] tokenHash, @Bind("userId") long userId, @Bind("kind") String kind,
                @Bind("csrf") String csrf, @Bind("now") Instant now, @Bind("expiresAt") Instant expiresAt,
                @Bind("ip") String ip);

    @SqlQuery("""
            select s.id as session_id, s.kind, s.csrf_token, s.expires_at, s.last_seen_at,
                   u.id as user_id, u.username, u.roles, u.staff_id, u.language,
                   array(select site_id from user_scope_site where user_id = u.id order by site_id)
                       as scope_site_ids,
                   array(select department_id from user_scope_department where user_id = u.id order by department_id)
                       as scope_department_ids
              from auth_session s
              join user_account u on u.id = s.user_id
             where s.token_hash = :tokenHash
               and s.revoked_at is null
               and s.expires_at > :now
               and u.active
            """)
    Optional<SessionRow> findLive(@Bind("tokenHash") byte[] tokenHash, @Bind("now") Instant now);

    @SqlUpdate("update auth_session set last_seen_at = :now where id = :id")
    void touch(@Bind("id") long id, @Bind("now") Instant now);

    @SqlUpdate("update auth_session set revoked_at = :now where id = :id and revoked_at is null")
    int revoke(@Bind("id") long id, @Bind("now") Instant now);

    /** Ends every session of an account, e.g. when it is deactivated or its password is reset. */
    @SqlUpdate("update auth_session set revoked_at = :now where user_id = :userId and revoked_at is null")
    int revokeAllOf(@Bind("userId") long userId, @Bind("now") Instant now);
}
