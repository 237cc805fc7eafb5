package vn.onduty.server.terminal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The terminal rows: who calls in, what they report of themselves, and an admin's decisions about them. */
@RegisterConstructorMapper(TerminalDao.Contact.class)
@RegisterConstructorMapper(TerminalDao.Row.class)
interface TerminalDao {

    /**
     * What a request of a terminal needs to know about it: its state, its site's zone, the stamps stored, and
     * whether the address it calls from is in its allowed range.
     */
    record Contact(long id, String serialNumber, String status, Long siteId, String timeZone, String attlogStamp,
                   String operlogStamp, String pushVersion, Instant lastSeenAt, boolean allowed) {

        boolean adopted() {
            return status.equals(Terminal.ADOPTED);
        }

        boolean refused() {
            return status.equals(Terminal.REFUSED);
        }
    }

    /** The terminal calling, by its serial number, and whether its address is in its allowed range. */
    String CONTACT = """
            select t.id, t.serial_number, t.status, t.site_id, si.time_zone, t.attlog_stamp, t.operlog_stamp,
                   t.push_version, t.last_seen_at,
                   (t.allowed_range is null or cast(:address as inet) <<= t.allowed_range) as allowed
              from terminal t left join site si on si.id = t.site_id
             where t.serial_number = :serialNumber
            """;

    /** A terminal as the admin pages and the API show it, with the counts its health is made of. */
    record Row(long id, String serialNumber, String status, Long siteId, String siteName, String siteTimeZone, String name,
               String model, String firmware, String pushVersion, String address, String allowedRange, String info,
               Instant firstSeenAt, Instant lastSeenAt, Integer clockOffsetSeconds, Instant clockOffsetAt,
               String attlogStamp, String operlogStamp, LocalDate overflowFrom, String refusedAddress, Instant refusedAt,
               Instant decidedAt, long keptRecords, long recordsToday, long rejectedLines, long unmappedPins) {}

    /**
     * The terminal calling, held until the transaction ends against a decision about it (which takes the row for
     * update): an upload stored while an admin adopts the terminal is either seen by the adoption or sees it adopted,
     * never neither. Requests of the one terminal take turns.
     */
    @SqlQuery(CONTACT + " for no key update of t")
    Optional<Contact> contactHeld(@Bind("serialNumber") String serialNumber, @Bind("address") String address);

    /**
     * The terminal calling, not held: for requests that store nothing a decision about the terminal could race with
     * (command polls, pings), so that a poll neither waits for nor blocks an upload or an admin.
     */
    @SqlQuery(CONTACT)
    Optional<Contact> contact(@Bind("serialNumber") String serialNumber, @Bind("address") String address);

    @SqlQuery("select status from terminal where serial_number = :serialNumber")
    Optional<String> statusOf(@Bind("serialNumber") String serialNumber);

    /** A serial number calling for the first time, while fewer than {@code maxWaiting} terminals wait. */
    @SqlQuery("""
            insert into terminal (serial_number, address, push_version, last_seen_at)
            select :serialNumber, :address, :pushVersion, :now
             where (select count(*) from terminal where status = 'waiting') < :maxWaiting
            on conflict (serial_number) do nothing
            returning id
            """)
    Optional<Long> insertWaiting(@Bind("serialNumber") String serialNumber, @Bind("address") String address,
                                 @Bind("pushVersion") String pushVersion, @Bind("now") Instant now,
                                 @Bind("maxWaiting") int maxWaiting);

    @SqlUpdate("""
            update terminal set last_seen_at = :now, address = :address, push_version = coalesce(:pushVersion, push_version)
             where id = :id
            """)
    void seen(@Bind("id") long id, @Bind("now") Instant now, @Bind("address") String address,
              @Bind("pushVersion") String pushVersion);

    /**
     * Contact noted by a poll or a ping, written only when it says something new: the address changed, or the last
     * contact stored is older than {@code every}. A terminal polls every few seconds; writing each poll cost a
     * row version and a WAL flush per request (docs/benchmarks.md, "Terminals"), and "silent" is minutes.
     */
    @SqlUpdate("""
            update terminal set last_seen_at = :now, address = :address
             where id = :id
               and (last_seen_at is null or last_seen_at < cast(:now as timestamptz) - cast(:every as interval)
                    or address is distinct from :address)
            """)
    void seenLately(@Bind("id") long id, @Bind("now") Instant now, @Bind("address") String address,
                    @Bind("every") String every);

    @SqlUpdate("update terminal set refused_address = :address, refused_at = :now where id = :id")
    void refusedCall(@Bind("id") long id, @Bind("address") String address, @Bind("now") Instant now);

    /**
     * After an ATTLOG upload: contact, the stamp to answer the next handshake with, and the clock offset measured
     * from the upload's newest record. A measurement replaces the one kept when it is larger (a record pushed at once
     * is later than one resent, so the largest difference is the clock's), when none is kept, or when the kept one
     * is more than an hour old (the clock may have been set since).
     */
    @SqlUpdate("""
            update terminal
               set last_seen_at = :now, address = :address, attlog_stamp = :stamp,
                   clock_offset_seconds = case when replace then cast(:offset as integer) else clock_offset_seconds end,
                   clock_offset_at = case when replace then cast(:now as timestamptz) else clock_offset_at end,
                   overflow_from = case when cast(:overflowFrom as date) is null then overflow_from
                                        else least(overflow_from, cast(:overflowFrom as date)) end
              from (select cast(:offset as integer) is not null
                           and (t.clock_offset_seconds is null or t.clock_offset_at is null
                                or t.clock_offset_at < cast(:now as timestamptz) - interval '1 hour'
                                or cast(:offset as integer) >= t.clock_offset_seconds) as replace
                      from terminal t where t.id = :id) m
             where terminal.id = :id
            """)
    void attlogReceived(@Bind("id") long id, @Bind("now") Instant now, @Bind("address") String address,
                        @Bind("stamp") String stamp, @Bind("offset") Integer offsetSeconds,
                        @Bind("overflowFrom") LocalDate overflowFrom);

    @SqlUpdate("""
            update terminal set last_seen_at = :now, address = :address, operlog_stamp = coalesce(:stamp, operlog_stamp)
             where id = :id
            """)
    void operlogReceived(@Bind("id") long id, @Bind("now") Instant now, @Bind("address") String address,
                         @Bind("stamp") String stamp);

    /**
     * What a terminal reports of itself (poll INFO, INFO results, options uploads), merged into what is known; no
     * write when it says nothing new (a terminal may report on every poll).
     */
    @SqlUpdate("""
            update terminal set model = coalesce(:model, model), firmware = coalesce(:firmware, firmware),
                   info = info || cast(:info as jsonb)
             where id = :id
               and (model is distinct from coalesce(:model, model) or firmware is distinct from coalesce(:firmware, firmware)
                    or not info @> cast(:info as jsonb))
            """)
    void reported(@Bind("id") long id, @Bind("model") String model, @Bind("firmware") String firmware,
                  @Bind("info") String infoJson);

    /** The clock was just set from the server's: measured again from the next push. */
    @SqlUpdate("update terminal set clock_offset_seconds = null, clock_offset_at = :now where id = :id")
    void clockSet(@Bind("id") long id, @Bind("now") Instant now);

    String ROW = """
            select t.id, t.serial_number, t.status, t.site_id, si.name as site_name, si.time_zone as site_time_zone,
                   t.name, t.model, t.firmware, t.push_version, t.address, cast(t.allowed_range as text) as allowed_range,
                   t.info::text as info, t.first_seen_at, t.last_seen_at, t.clock_offset_seconds, t.clock_offset_at,
                   t.attlog_stamp, t.operlog_stamp, t.overflow_from, t.refused_address, t.refused_at, t.decided_at,
                   (select count(*) from terminal_record r where r.terminal_id = t.id) as kept_records,
                   (select count(*) from terminal_record r
                     where r.terminal_id = t.id
                       and r.local_time >= cast(cast(:now as timestamptz) at time zone coalesce(si.time_zone, :defaultZone) as date))
                       as records_today,
                   (select count(*) from terminal_rejected_line x where x.terminal_id = t.id) as rejected_lines,
                   (select count(*) from (
                           select u.pin from terminal_user u where u.terminal_id = t.id and u.removed_at is null
                           union
                           select p.pin from punch p
                            where p.terminal_id = t.id and p.staff_id is null
                              and not exists (select 1 from punch_resolution r where r.punch_id = p.id)) x
                     where not exists (select 1 from terminal_pin m
                                        where m.terminal_id = t.id and m.pin = x.pin and m.ended_at is null))
                       as unmapped_pins
              from terminal t left join site si on si.id = t.site_id
            """;

    /** Waiting terminals first (newest first), then by site and name. */
    @SqlQuery(ROW + """
             order by case t.status when 'waiting' then 0 when 'adopted' then 1 else 2 end,
                      case when t.status = 'waiting' then t.first_seen_at end desc, si.name, t.name, t.serial_number
            """)
    List<Row> list(@Bind("now") Instant now, @Bind("defaultZone") String defaultZone);

    @SqlQuery(ROW + " where t.id = :id")
    Optional<Row> find(@Bind("id") long id, @Bind("now") Instant now, @Bind("defaultZone") String defaultZone);

    @SqlQuery("select status from terminal where id = :id")
    Optional<String> status(@Bind("id") long id);

    /** Holds the terminal until the transaction ends: one decision about it at a time. */
    @SqlQuery("select status from terminal where id = :id for update")
    Optional<String> lock(@Bind("id") long id);

    @SqlUpdate("""
            update terminal set status = 'adopted', site_id = :siteId, name = coalesce(:name, name),
                   decided_by = :userId, decided_at = :now, overflow_from = null
             where id = :id
            """)
    void adopt(@Bind("id") long id, @Bind("siteId") long siteId, @Bind("name") String name,
               @Bind("userId") Long userId, @Bind("now") Instant now);

    @SqlUpdate("update terminal set status = 'refused', decided_by = :userId, decided_at = :now where id = :id")
    void refuse(@Bind("id") long id, @Bind("userId") Long userId, @Bind("now") Instant now);

    /** The range is stored as its network: 10.1.2.7/24 becomes 10.1.2.0/24. */
    @SqlUpdate("""
            update terminal set name = :name,
                   allowed_range = case when cast(:range as text) is null then null else network(cast(:range as inet)) end
             where id = :id
            """)
    void settings(@Bind("id") long id, @Bind("name") String name, @Bind("range") String range);

    @SqlQuery("select exists (select 1 from site where id = :id and active)")
    boolean activeSite(@Bind("id") long siteId);

    @SqlQuery("select id from terminal where status = 'adopted' and site_id = :siteId order by id")
    List<Long> adoptedAt(@Bind("siteId") long siteId);

    /** Adopted terminals heard from since {@code since}, for the metrics. */
    @SqlQuery("select count(*) from terminal where status = 'adopted' and last_seen_at >= :since")
    long countAdoptedSeenSince(@Bind("since") Instant since);

    /** Terminals in a state ({@code waiting}, {@code adopted}, {@code refused}), for the metrics. */
    @SqlQuery("select count(*) from terminal where status = :status")
    long countInStatus(@Bind("status") String status);
}
