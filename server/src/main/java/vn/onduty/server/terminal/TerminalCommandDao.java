package vn.onduty.server.terminal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The commands queued for terminals, from the request to the terminal's answer. */
@RegisterConstructorMapper(TerminalCommand.class)
interface TerminalCommandDao {

    String COLUMNS = """
            select c.id, c.terminal_id, t.serial_number, c.type, c.pin, c.staff_id, st.full_name as staff_name, c.name,
                   c.from_date, c.command_text, c.status, c.return_code, c.result::text as result, c.created_by,
                   a.username as created_by_name, c.created_at, c.sent_at, c.finished_at
              from terminal_command c
              join terminal t on t.id = c.terminal_id
              left join staff st on st.id = c.staff_id
              left join user_account a on a.id = c.created_by
            """;

    @SqlQuery("""
            insert into terminal_command (terminal_id, type, pin, staff_id, name, from_date, created_by, created_at)
            values (:terminalId, :type, :pin, :staffId, :name, :fromDate, :userId, :now)
            returning id
            """)
    long queue(@Bind("terminalId") long terminalId, @Bind("type") String type, @Bind("pin") String pin,
               @Bind("staffId") Long staffId, @Bind("name") String name, @Bind("fromDate") LocalDate fromDate,
               @Bind("userId") Long userId, @Bind("now") Instant now);

    @SqlQuery(COLUMNS + " where c.id = :id")
    Optional<TerminalCommand> find(@Bind("id") long id);

    @SqlQuery(COLUMNS + " where c.terminal_id = :terminalId order by c.id desc limit :limit")
    List<TerminalCommand> latest(@Bind("terminalId") long terminalId, @Bind("limit") int limit);

    /** The terminal's waiting commands, oldest first, locked: two polls at once never hand one over twice. */
    @SqlQuery(COLUMNS + """
             where c.terminal_id = :terminalId and c.status = 'PENDING'
             order by c.id limit :limit
               for update of c skip locked
            """)
    List<TerminalCommand> pending(@Bind("terminalId") long terminalId, @Bind("limit") int limit);

    @SqlUpdate("update terminal_command set status = 'SENT', sent_at = :now, command_text = :text where id = :id")
    void sent(@Bind("id") long id, @Bind("text") String text, @Bind("now") Instant now);

    /**
     * Ends the command as the terminal's answer says (a return code of 0 or more is success: a query answers with
     * the number of records it sent). Also from CANCELLED and EXPIRED: the terminal did what it did. Never from DONE or
     * FAILED: the first answer stands. Empty when the id is not one of this terminal's open or lapsed commands.
     */
    @SqlQuery("""
            update terminal_command
               set status = case when :code >= 0 then 'DONE' else 'FAILED' end, return_code = :code,
                   result = cast(:result as jsonb), finished_at = :now
             where id = :id and terminal_id = :terminalId and status not in ('DONE', 'FAILED')
            returning id
            """)
    Optional<Long> finish(@Bind("id") long id, @Bind("terminalId") long terminalId, @Bind("code") int code,
                          @Bind("result") String resultJson, @Bind("now") Instant now);

    @SqlUpdate("""
            update terminal_command set status = 'CANCELLED', finished_at = :now
             where id = :id and status = 'PENDING'
            """)
    int cancel(@Bind("id") long id, @Bind("now") Instant now);

    @SqlQuery("select id from terminal_command where id = :id for update")
    Optional<Long> lock(@Bind("id") long id);

    /** Commands handed over longer ago than the timeout and never answered: expired. Returns their ids. */
    @SqlQuery("""
            update terminal_command set status = 'EXPIRED', finished_at = :now
             where id in (select id from terminal_command
                           where status = 'SENT' and sent_at < cast(:now as timestamptz) - make_interval(secs => :timeoutSeconds)
                             and (cast(:terminalId as bigint) is null or terminal_id = :terminalId)
                           order by id for update skip locked)
            returning id
            """)
    List<Long> expire(@Bind("now") Instant now, @Bind("timeoutSeconds") long timeoutSeconds,
                      @Bind("terminalId") Long terminalId);
}
