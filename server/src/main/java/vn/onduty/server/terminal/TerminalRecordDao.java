package vn.onduty.server.terminal;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Set-based SQL for an upload at once, a handful of statements however many records it holds: the records, the
 * punches they become, the lines kept aside as rejected.
 */
@RegisterConstructorMapper(RejectedLine.class)
@RegisterConstructorMapper(TerminalRecordDao.NewPunch.class)
interface TerminalRecordDao {

    /** A punch just stored: its officer (null: its PIN has no mapping for its time yet) and its PIN. */
    record NewPunch(long id, Long staffId, String pin) {}

    /** Inserts the records not stored before, in the order given, and returns their ids; known ones are left as they are. */
    @SqlQuery("""
            insert into terminal_record (terminal_id, pin, local_time, state, verify, work_code, line)
            select :terminalId, r.pin, r.local_time, r.state, r.verify, r.work_code, r.line
              from unnest(cast(:pins as text[]), cast(:times as timestamp[]), cast(:states as smallint[]),
                          cast(:verifies as smallint[]), cast(:workCodes as text[]), cast(:lines as text[]))
                   with ordinality as r(pin, local_time, state, verify, work_code, line, n)
             order by r.n
            on conflict (terminal_id, pin, local_time, state) do nothing
            returning id
            """)
    List<Long> insertRecords(@Bind("terminalId") long terminalId, @Bind("pins") String[] pins,
                             @Bind("times") String[] localTimes, @Bind("states") Integer[] states,
                             @Bind("verifies") Integer[] verifies, @Bind("workCodes") String[] workCodes,
                             @Bind("lines") String[] lines);

    @SqlQuery("select count(*) from terminal_record where terminal_id = :terminalId")
    long countRecords(@Bind("terminalId") long terminalId);

    String PUNCHES = """
            insert into punch (site_id, terminal_id, terminal_record_id, pin, punch_state, at, staff_id, terminal_pin_id,
                               time_flag)
            select t.site_id, r.terminal_id, r.id, r.pin, r.state, r.local_time at time zone si.time_zone, m.staff_id, m.id,
                   case when r.local_time at time zone si.time_zone > cast(:now as timestamptz) + :maxAhead * interval '1 second'
                        then 'ahead'
                        when r.local_time at time zone si.time_zone < cast(:now as timestamptz) - :horizon * interval '1 second'
                        then 'before_horizon' end
              from terminal_record r
              join terminal t on t.id = r.terminal_id
              join site si on si.id = t.site_id
              left join lateral (
                    select tp.id, tp.staff_id from terminal_pin tp
                     where tp.terminal_id = r.terminal_id and tp.pin = r.pin
                       and (tp.valid_from is null or tp.valid_from <= r.local_time at time zone si.time_zone)
                       and (tp.ended_at is null or tp.ended_at > r.local_time at time zone si.time_zone)
                     order by tp.valid_from desc nulls last
                     limit 1) m on true
            """;

    /**
     * The punches of these records of an adopted terminal: each at its local time read in the zone of the terminal's
     * site, for the officer whose mapping held the PIN then (none: unresolved, kept for an admin). A time more than
     * {@code maxAhead} seconds after {@code now} or {@code horizon} seconds before it is flagged as
     * {@link vn.onduty.server.devicetime.DeviceTimeCheck} flags an agent's ({@code ahead}, {@code before_horizon}):
     * stored, counted for nothing until an admin accepts it. Returns the new punches.
     */
    @SqlQuery(PUNCHES + """
             where r.id = any(:recordIds) and t.status = 'adopted'
             order by r.id
            on conflict (terminal_record_id) do nothing
            returning id, staff_id, pin
            """)
    List<NewPunch> insertPunches(@Bind("recordIds") Long[] recordIds, @Bind("now") Instant now,
                                 @Bind("maxAhead") long maxAheadSeconds, @Bind("horizon") long horizonSeconds);

    /**
     * The punches of every record of the terminal that has none yet: its records kept aside become punches on adoption,
     * their times checked as {@link #insertPunches} does.
     */
    @SqlQuery(PUNCHES + """
             where r.terminal_id = :terminalId and t.status = 'adopted'
               and not exists (select 1 from punch p where p.terminal_record_id = r.id)
             order by r.id
            on conflict (terminal_record_id) do nothing
            returning id
            """)
    List<Long> insertPunchesOfTerminal(@Bind("terminalId") long terminalId, @Bind("now") Instant now,
                                       @Bind("maxAhead") long maxAheadSeconds, @Bind("horizon") long horizonSeconds);

    /**
     * Keeps unreadable lines for an admin, once per distinct line (sent again, it counts again), while the terminal
     * has fewer than {@code max} of them.
     */
    @SqlUpdate("""
            insert into terminal_rejected_line (terminal_id, table_name, line, reason_code, reason, first_seen_at, last_seen_at)
            select :terminalId, :table, x.line, x.code, x.reason, :now, :now
              from unnest(cast(:lines as text[]), cast(:codes as text[]), cast(:reasons as text[]))
                   with ordinality as x(line, code, reason, n)
             where (select count(*) from terminal_rejected_line where terminal_id = :terminalId) < :max
             order by x.n
            on conflict (terminal_id, table_name, line_md5)
            do update set times_seen = terminal_rejected_line.times_seen + 1, last_seen_at = excluded.last_seen_at
            """)
    void keepRejected(@Bind("terminalId") long terminalId, @Bind("table") String table, @Bind("lines") String[] lines,
                      @Bind("codes") String[] codes, @Bind("reasons") String[] reasons, @Bind("now") Instant now, @Bind("max") int max);

    @SqlQuery("""
            select id, table_name, line, reason_code, reason, first_seen_at, last_seen_at, times_seen
              from terminal_rejected_line where terminal_id = :terminalId
             order by last_seen_at desc, id desc limit :limit
            """)
    List<RejectedLine> rejected(@Bind("terminalId") long terminalId, @Bind("limit") int limit);
}
