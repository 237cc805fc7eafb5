package vn.onduty.server.terminal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** A terminal's user list and which officer each PIN belongs to, from when to when. */
@RegisterConstructorMapper(TerminalPinDao.Mapping.class)
@RegisterConstructorMapper(PinEntry.class)
interface TerminalPinDao {

    /** One mapping of a PIN to an officer; {@code validFrom} null: from the PIN's first punch. */
    record Mapping(long id, long terminalId, String pin, long staffId, String how, Instant validFrom, Instant mappedAt,
                   Long mappedBy, Instant endedAt) {}

    /** The users an OPERLOG upload reported: new PINs are added, known ones take the reported name and privilege. */
    @SqlUpdate("""
            insert into terminal_user (terminal_id, pin, name, privilege, reported_at)
            select :terminalId, u.pin, u.name, u.privilege, :now
              from unnest(cast(:pins as text[]), cast(:names as text[]), cast(:privileges as smallint[])) as u(pin, name, privilege)
             where (select count(*) from terminal_user where terminal_id = :terminalId) < :max
                or exists (select 1 from terminal_user x where x.terminal_id = :terminalId and x.pin = u.pin)
            on conflict (terminal_id, pin) do update
               set name = excluded.name, privilege = excluded.privilege, reported_at = excluded.reported_at, removed_at = null
            """)
    void reportUsers(@Bind("terminalId") long terminalId, @Bind("pins") String[] pins, @Bind("names") String[] names,
                     @Bind("privileges") Integer[] privileges, @Bind("now") Instant now, @Bind("max") int max);

    /** The terminal confirmed it removed the PIN's user. */
    @SqlUpdate("update terminal_user set removed_at = :now where terminal_id = :terminalId and pin = :pin")
    void userRemoved(@Bind("terminalId") long terminalId, @Bind("pin") String pin, @Bind("now") Instant now);

    /**
     * Every PIN the terminal knows of (its user list, its records, its mappings), with the officer it is mapped to
     * now, and how many of its punches wait for an officer.
     */
    @SqlQuery("""
            with pins as (
                select pin from terminal_user where terminal_id = :terminalId
                union select pin from terminal_pin where terminal_id = :terminalId and ended_at is null
                union select distinct pin from terminal_record where terminal_id = :terminalId
            )
            select x.pin, u.name as name_on_terminal, u.privilege, u.removed_at,
                   m.id as mapping_id, m.staff_id, st.code as staff_code, st.full_name as staff_name, m.how, m.mapped_at,
                   (select count(*) from terminal_record r where r.terminal_id = :terminalId and r.pin = x.pin) as records,
                   (select max(r.local_time) from terminal_record r where r.terminal_id = :terminalId and r.pin = x.pin)
                       as last_record,
                   (select count(*) from punch p
                     where p.terminal_id = :terminalId and p.pin = x.pin and p.staff_id is null
                       and not exists (select 1 from punch_resolution r where r.punch_id = p.id)) as unresolved_punches
              from pins x
              left join terminal_user u on u.terminal_id = :terminalId and u.pin = x.pin
              left join terminal_pin m on m.terminal_id = :terminalId and m.pin = x.pin and m.ended_at is null
              left join staff st on st.id = m.staff_id
             order by length(x.pin), x.pin
            """)
    List<PinEntry> pins(@Bind("terminalId") long terminalId);

    @SqlQuery("""
            select id, terminal_id, pin, staff_id, how, valid_from, mapped_at, mapped_by, ended_at
              from terminal_pin where terminal_id = :terminalId and pin = :pin and ended_at is null
            """)
    Optional<Mapping> live(@Bind("terminalId") long terminalId, @Bind("pin") String pin);

    /** The PIN under which the officer is mapped now at any adopted terminal of the site, the lowest first. */
    @SqlQuery("""
            select m.pin from terminal_pin m join terminal t on t.id = m.terminal_id
             where t.site_id = :siteId and m.staff_id = :staffId and m.ended_at is null
             order by length(m.pin), m.pin limit 1
            """)
    Optional<String> pinAtSite(@Bind("siteId") long siteId, @Bind("staffId") long staffId);

    /** Every PIN in use at the terminals of the site: in a user list, mapped, or punching. */
    @SqlQuery("""
            select u.pin from terminal_user u join terminal t on t.id = u.terminal_id
             where t.site_id = :siteId and u.removed_at is null
            union select m.pin from terminal_pin m join terminal t on t.id = m.terminal_id
             where t.site_id = :siteId and m.ended_at is null
            union select distinct r.pin from terminal_record r join terminal t on t.id = r.terminal_id
             where t.site_id = :siteId
            """)
    List<String> pinsInUseAt(@Bind("siteId") long siteId);

    @SqlUpdate("update terminal_pin set ended_at = :now, ended_by = :userId where id = :id and ended_at is null")
    int end(@Bind("id") long id, @Bind("now") Instant now, @Bind("userId") Long userId);

    /** A new mapping, from the end of the PIN's last one (none: from its first punch). */
    @SqlQuery("""
            insert into terminal_pin (terminal_id, pin, staff_id, how, valid_from, mapped_at, mapped_by)
            values (:terminalId, :pin, :staffId, :how,
                    (select max(ended_at) from terminal_pin where terminal_id = :terminalId and pin = :pin), :now, :userId)
            returning id, terminal_id, pin, staff_id, how, valid_from, mapped_at, mapped_by, ended_at
            """)
    Mapping insert(@Bind("terminalId") long terminalId, @Bind("pin") String pin, @Bind("staffId") long staffId,
                   @Bind("how") String how, @Bind("now") Instant now, @Bind("userId") Long userId);

    /**
     * Maps each PIN that has never been mapped at this terminal to the active officer whose staff code it is (letter
     * case aside). Returns the new mappings.
     */
    @SqlQuery("""
            insert into terminal_pin (terminal_id, pin, staff_id, how, valid_from, mapped_at)
            select :terminalId, p.pin, st.id, 'staff_code', null, :now
              from (select distinct pin from unnest(cast(:pins as text[])) as pin) p
              join staff st on lower(st.code) = lower(p.pin) and st.active
             where not exists (select 1 from terminal_pin m where m.terminal_id = :terminalId and m.pin = p.pin)
             order by p.pin
            on conflict do nothing
            returning id, terminal_id, pin, staff_id, how, valid_from, mapped_at, mapped_by, ended_at
            """)
    List<Mapping> mapByStaffCode(@Bind("terminalId") long terminalId, @Bind("pins") String[] pins, @Bind("now") Instant now);

    @SqlQuery("select full_name from staff where id = :id and active")
    Optional<String> activeStaffName(@Bind("id") long staffId);

    /** Every PIN the terminal has reported or punched with. */
    @SqlQuery("""
            select pin from terminal_user where terminal_id = :terminalId
            union select distinct pin from terminal_record where terminal_id = :terminalId
            """)
    List<String> knownPins(@Bind("terminalId") long terminalId);

    /**
     * The PIN's punches that wait for an officer and fall within the mapping's time now go to its officer (a punch an
     * admin already resolved by hand stays as resolved). Returns their ids.
     */
    @SqlQuery("""
            update punch p set staff_id = :m.staffId, terminal_pin_id = :m.id
             where p.terminal_id = :m.terminalId and p.pin = :m.pin and p.staff_id is null
               and (cast(:m.validFrom as timestamptz) is null or p.at >= :m.validFrom)
               and not exists (select 1 from punch_resolution r where r.punch_id = p.id)
            returning p.id
            """)
    List<Long> claimUnresolved(@org.jdbi.v3.sqlobject.customizer.BindMethods("m") Mapping mapping);
}
