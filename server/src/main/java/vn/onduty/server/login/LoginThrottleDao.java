package vn.onduty.server.login;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The throttling state of sign-in: per username and browser, per address, and the device cookies' key. */
@RegisterConstructorMapper(LoginThrottleDao.Row.class)
@RegisterConstructorMapper(LoginThrottleDao.AddressBlock.class)
public interface LoginThrottleDao {

    /** One username's throttling state for one browser ('' = every browser that does not know it). */
    record Row(String username, String device, int failures, Instant lastFailureAt, Instant lockedUntil, int refused,
               Long accountId) {}

    /** An address over the per-address limit. */
    record AddressBlock(String ip, int failures, Instant until, int refused) {}

    @SqlUpdate("insert into login_throttle (username, device) values (:username, :device) on conflict do nothing")
    void ensureRow(@Bind("username") String username, @Bind("device") String device);

    @SqlQuery("""
            select t.*, (select id from user_account where username = t.username) as account_id
              from login_throttle t where username = :username and device = :device for update
            """)
    Row lockRow(@Bind("username") String username, @Bind("device") String device);

    @SqlUpdate("""
            update login_throttle set failures = :failures, last_failure_at = :at, locked_until = :lockedUntil, refused = 0
             where username = :username and device = :device
            """)
    void countFailure(@Bind("username") String username, @Bind("device") String device,
                      @Bind("failures") int failures, @Bind("at") Instant at, @Bind("lockedUntil") Instant lockedUntil);

    /** Counts a refusal while locked; answers how many this lock has had, so that only the first is audited. */
    @SqlQuery("""
            update login_throttle set refused = refused + 1 where username = :username and device = :device
            returning refused
            """)
    int countRefusal(@Bind("username") String username, @Bind("device") String device);

    /** A successful sign-in from this browser forgets its failures (not those of other browsers). */
    @SqlUpdate("delete from login_throttle where username = :username and device = :device")
    void forget(@Bind("username") String username, @Bind("device") String device);

    /** An admin's lift or password reset: every browser's failures and locks for this username go. */
    @SqlQuery("""
            delete from login_throttle where username = :username
            returning *, null::bigint as account_id
            """)
    List<Row> forgetAll(@Bind("username") String username);

    @SqlQuery("""
            select t.*, u.id as account_id
              from login_throttle t left join user_account u on u.username = t.username
             where t.locked_until > :now
             order by t.locked_until desc, t.username, t.device
            """)
    List<Row> locked(@Bind("now") Instant now);

    // ---- per address ----

    /** Serialises the count-check-record of one address's attempts; released with the transaction. */
    @SqlQuery("select count(*) from (select pg_advisory_xact_lock(hashtextextended('onduty.login.address:' || :ip, 0))) l")
    int lockAddress(@Bind("ip") String ip);

    /** Failures without a device cookie from this address since {@code since} (an attempt counts from its start). */
    @SqlQuery("select count(*) from login_attempt where ip = :ip and device is null and not success and at > :since")
    int failuresFrom(@Bind("ip") String ip, @Bind("since") Instant since);

    /** The {@code max}-th latest of those failures: the address is refused until it leaves the window. */
    @SqlQuery("""
            select at from login_attempt where ip = :ip and device is null and not success and at > :since
             order by at desc offset :max - 1 limit 1
            """)
    Optional<Instant> limitingFailureFrom(@Bind("ip") String ip, @Bind("since") Instant since, @Bind("max") int max);

    /** Counts a refusal of this address: 1 when an episode of refusals starts (none within {@code since}). */
    @SqlQuery("""
            insert into login_address_refusal (ip, first_at, last_at, refused) values (:ip, :now, :now, 1)
            on conflict (ip) do update
               set refused = case when login_address_refusal.last_at < :since then 1
                                  else login_address_refusal.refused + 1 end,
                   first_at = case when login_address_refusal.last_at < :since then :now
                                   else login_address_refusal.first_at end,
                   last_at = :now
            returning refused
            """)
    int countAddressRefusal(@Bind("ip") String ip, @Bind("now") Instant now, @Bind("since") Instant since);

    /** Addresses with at least {@code max} failures since {@code since}, and until when they stay refused. */
    @SqlQuery("""
            select a.ip, count(*)::int as failures,
                   (array_agg(a.at order by a.at desc))[:max] + cast(:window as interval) as until,
                   coalesce((select r.refused from login_address_refusal r where r.ip = a.ip and r.last_at > :since), 0)
                       as refused
              from login_attempt a
             where a.device is null and not a.success and a.at > :since and a.ip is not null
             group by a.ip
            having count(*) >= :max
             order by a.ip
            """)
    List<AddressBlock> blockedAddresses(@Bind("since") Instant since, @Bind("max") int max,
                                        @Bind("window") String window);

    /** An admin's lift of an address: its counted failures are forgiven (the audit log keeps every one). */
    @SqlUpdate("delete from login_attempt where ip = :ip and device is null and not success and at > :since")
    int forgiveAddress(@Bind("ip") String ip, @Bind("since") Instant since);

    @SqlUpdate("delete from login_address_refusal where ip = :ip")
    void forgetAddressRefusals(@Bind("ip") String ip);

    // ---- attempts ----

    /** An attempt is recorded as failed when admitted; {@link #succeeded} turns it round. */
    @SqlUpdate("""
            insert into login_attempt (username, ip, at, success, device) values (:username, :ip, :at, false, :device)
            """)
    @GetGeneratedKeys("id")
    long recordAttempt(@Bind("username") String username, @Bind("ip") String ip, @Bind("at") Instant at,
                       @Bind("device") String device);

    @SqlUpdate("update login_attempt set success = true where id = :id")
    void succeeded(@Bind("id") long id);

    // ---- the device cookies' key ----

    @SqlUpdate("insert into login_device_key (id, secret) values (1, :secret) on conflict do nothing")
    void offerDeviceKey(@Bind("secret") byte[] secret);

    @SqlQuery("select secret from login_device_key where id = 1")
    Optional<byte[]> deviceKey();

    // ---- purge ----

    /** Rows that neither lock nor remember a failure any more. */
    @SqlUpdate("""
            delete from login_throttle
             where (locked_until is null or locked_until < :now) and (last_failure_at is null or last_failure_at < :forgetBefore)
            """)
    int purgeForgotten(@Bind("now") Instant now, @Bind("forgetBefore") Instant forgetBefore);

    @SqlUpdate("delete from login_address_refusal where last_at < :before")
    int purgeAddressRefusalsBefore(@Bind("before") Instant before);
}
