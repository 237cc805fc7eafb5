package vn.onduty.server.leave;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import vn.onduty.server.auth.AccessPolicy.StaffScope;
import vn.onduty.server.calendar.SessionPart;

/** Leave types, the entitlements ledger, requests, decisions, chains and delegations. */
public interface LeaveDao {

    // --- types

    String TYPE_COLUMNS = """
            id, code, name_vi, name_en, timesheet_code, paid, balance_rule, allocation, yearly_days, max_days,
            half_days_allowed, document_required, sort_order, active, counts_calendar_days, limit_rule,
            event_window_days""";

    @SqlQuery("select " + TYPE_COLUMNS + " from leave_type order by sort_order, code")
    @RegisterConstructorMapper(LeaveType.class)
    List<LeaveType> types();

    @SqlQuery("select " + TYPE_COLUMNS + " from leave_type where id = :id")
    @RegisterConstructorMapper(LeaveType.class)
    Optional<LeaveType> type(@Bind("id") long id);

    @SqlQuery("select " + TYPE_COLUMNS + " from leave_type where code = :code")
    @RegisterConstructorMapper(LeaveType.class)
    Optional<LeaveType> typeByCode(@Bind("code") String code);

    @SqlQuery("select " + TYPE_COLUMNS + " from leave_type where id = :id for update")
    @RegisterConstructorMapper(LeaveType.class)
    Optional<LeaveType> lockType(@Bind("id") long id);

    @SqlUpdate("""
            insert into leave_type (code, name_vi, name_en, timesheet_code, paid, balance_rule, allocation, yearly_days,
                                    max_days, half_days_allowed, document_required, sort_order, active,
                                    counts_calendar_days, limit_rule, event_window_days)
            values (:code, :nameVi, :nameEn, :timesheetCode, :paid, :balanceRule, :allocation, :yearlyDays, :maxDays,
                    :halfDaysAllowed, :documentRequired, :sortOrder, :active, :countsCalendarDays, :limitRule,
                    :eventWindowDays)
            """)
    @GetGeneratedKeys("id")
    long insertType(@BindMethods LeaveType t);

    @SqlUpdate("""
            update leave_type set code = :code, name_vi = :nameVi, name_en = :nameEn, timesheet_code = :timesheetCode,
                   paid = :paid, balance_rule = :balanceRule, allocation = :allocation, yearly_days = :yearlyDays,
                   max_days = :maxDays, half_days_allowed = :halfDaysAllowed, document_required = :documentRequired,
                   sort_order = :sortOrder, active = :active, counts_calendar_days = :countsCalendarDays,
                   limit_rule = :limitRule, event_window_days = :eventWindowDays, updated_at = now()
             where id = :id
            """)
    int updateType(@BindMethods LeaveType t);

    /** Whether a code is in the timesheet legend: a leave type names the legend entry its days are marked with. */
    @SqlQuery("select exists (select 1 from timesheet_symbol where code = :code)")
    boolean timesheetCodeExists(@Bind("code") String code);

    /** The legend's symbol of each code, for the team calendar's cells. */
    @SqlQuery("select code, symbol from timesheet_symbol")
    @KeyColumn("code")
    @ValueColumn("symbol")
    Map<String, String> timesheetSymbols();

    // --- staff as leave sees them

    record StaffRow(long id, String code, String fullName, long departmentId, long homeSiteId, String timeZone,
                    String email, String postCategory, LocalDate serviceStartDate, LocalDate endOfServiceDate,
                    BigDecimal regionalAllowance, String staffCategory, boolean active) {

        /** The date at the officer's home site now. */
        public LocalDate today(Clock clock) {
            return LocalDate.now(clock.withZone(ZoneId.of(timeZone)));
        }
    }

    String STAFF = """
            select s.id, s.code, s.full_name, s.department_id, s.home_site_id, si.time_zone, s.email, s.post_category,
                   s.service_start_date, s.end_of_service_date, s.regional_allowance, s.staff_category, s.active
              from staff s join site si on si.id = s.home_site_id""";

    @SqlQuery(STAFF + " where s.id = :id")
    @RegisterConstructorMapper(StaffRow.class)
    Optional<StaffRow> staff(@Bind("id") long id);

    /** Locks an officer's row until the transaction ends. */
    @SqlQuery("select id from staff where id = :id for update")
    long lockStaff(@Bind("id") long id);

    @SqlQuery(STAFF + " where s.active order by s.id")
    @RegisterConstructorMapper(StaffRow.class)
    List<StaffRow> activeStaff();

    @SqlQuery(STAFF + """
             where s.active and (cast(:siteId as bigint) is null or s.home_site_id = :siteId)
               and (cast(:departmentId as bigint) is null or s.department_id = :departmentId)
             order by vn_fold(s.full_name), s.id
            """)
    @RegisterConstructorMapper(StaffRow.class)
    List<StaffRow> team(@Bind("siteId") Long siteId, @Bind("departmentId") Long departmentId);

    // --- ledger

    record LedgerRow(long id, long staffId, long leaveTypeId, int year, String kind, BigDecimal days,
                     LocalDate validUntil, String reason,
                     @com.fasterxml.jackson.annotation.JsonRawValue String basis, String createdBy, Instant createdAt) {}

    @SqlQuery("""
            select l.id, l.staff_id, l.leave_type_id, l.year, l.kind, l.days, l.valid_until, l.reason, l.basis::text as basis,
                   u.username as created_by, l.created_at
              from leave_ledger l left join user_account u on u.id = l.created_by
             where l.staff_id = :staffId and l.year = :year
             order by l.id
            """)
    @RegisterConstructorMapper(LedgerRow.class)
    List<LedgerRow> ledger(@Bind("staffId") long staffId, @Bind("year") int year);

    @SqlUpdate("""
            insert into leave_ledger (staff_id, leave_type_id, year, kind, days, valid_until, reason, basis, created_by)
            values (:staffId, :typeId, :year, :kind, :days, :validUntil, :reason, cast(:basis as jsonb), :createdBy)
            on conflict do nothing
            """)
    @GetGeneratedKeys("id")
    Optional<Long> insertLedger(@Bind("staffId") long staffId, @Bind("typeId") long typeId, @Bind("year") int year,
                                @Bind("kind") String kind, @Bind("days") BigDecimal days,
                                @Bind("validUntil") LocalDate validUntil, @Bind("reason") String reason,
                                @Bind("basis") String basis, @Bind("createdBy") Long createdBy);

    /** The allocation of a year and the system's revisions of it (adjustments whose basis says so), added up. */
    @SqlQuery("""
            select coalesce(sum(days), 0) from leave_ledger
             where staff_id = :staffId and leave_type_id = :typeId and year = :year
               and (kind = 'ALLOCATION' or (kind = 'ADJUSTMENT' and (basis ->> 'revision')::boolean))
            """)
    BigDecimal allocatedWithRevisions(@Bind("staffId") long staffId, @Bind("typeId") long typeId, @Bind("year") int year);

    /** A session of approved leave of an officer, with whether its type is paid and its legend code. */
    record AbsenceSession(LocalDate date, SessionPart part, boolean paid, String leaveCode) {}

    /** Every session of approved leave of one officer between two dates: what the annual leave proration reads. */
    @SqlQuery("""
            select d::date as date, p.part, t.paid, t.timesheet_code as leave_code
              from leave_request r
              join leave_type t on t.id = r.leave_type_id
              cross join lateral generate_series(greatest(r.start_date, cast(:from as date)),
                                                 least(r.end_date, cast(:to as date)), interval '1 day') d
              cross join (values ('MORNING', 0), ('AFTERNOON', 1)) p(part, n)
             where r.staff_id = :staffId and r.status in ('APPROVED', 'CANCEL_REQUESTED')
               and r.start_date <= :to and r.end_date >= :from
               and r.slots @> ((d::date - date '1970-01-01') * 2 + p.n)::bigint
            """)
    @RegisterConstructorMapper(AbsenceSession.class)
    List<AbsenceSession> absences(@Bind("staffId") long staffId, @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    @SqlQuery("""
            select exists (select 1 from leave_ledger
                            where staff_id = :staffId and leave_type_id = :typeId and year = :year and kind = 'ALLOCATION')
            """)
    boolean allocated(@Bind("staffId") long staffId, @Bind("typeId") long typeId, @Bind("year") int year);

    /**
     * Live requests of a tracked type charged to a year, as the balance counts them: the days of each that fall in
     * the year, from the request's first day in it (1 January for one begun the year before).
     */
    @SqlQuery("""
            select greatest(r.start_date, make_date(:year, 1, 1)) as start_date, y.days, r.status <> 'PENDING' as approved
              from leave_request r join leave_request_year y on y.request_id = r.id and y.year = :year
             where r.staff_id = :staffId and r.leave_type_id = :typeId
               and r.status in ('PENDING', 'APPROVED', 'CANCEL_REQUESTED')
               and (cast(:except as bigint) is null or r.id <> :except)
            """)
    @RegisterConstructorMapper(Balance.Use.class)
    List<Balance.Use> uses(@Bind("staffId") long staffId, @Bind("typeId") long typeId, @Bind("year") int year,
                           @Bind("except") Long except);

    // --- requests

    String REQUEST = """
            select r.id, r.staff_id, s.code as staff_code, s.full_name as staff_name, s.department_id, s.home_site_id,
                   r.leave_type_id, t.code as leave_type_code, t.name_vi, t.name_en, t.timesheet_code as leave_code,
                   r.start_date, r.start_part, r.end_date, r.end_part, r.days,
                   (select coalesce(json_agg(json_build_object('year', y.year, 'days', y.days) order by y.year), '[]')
                      from leave_request_year y where y.request_id = r.id)::text as years,
                   (select coalesce(json_agg(json_build_object('step', d.step, 'action', d.action,
                                                               'decidedBy', du.username, 'onBehalfOf', ou.username,
                                                               'comment', d.comment, 'decidedAt', d.decided_at)
                                             order by d.id), '[]')
                      from leave_decision d join user_account du on du.id = d.decided_by
                      left join user_account ou on ou.id = d.on_behalf_of
                     where d.request_id = r.id)::text as decisions,
                   r.reason, r.status, r.steps::text as steps,
                   r.current_step, r.balance_warning, r.substitute_staff_id,
                   exists (select 1 from leave_attachment a where a.request_id = r.id) as has_attachment,
                   u.username as requested_by, r.created_at, r.decided_at, r.cancelled_at
              from leave_request r
              join staff s on s.id = r.staff_id
              join leave_type t on t.id = r.leave_type_id
              join user_account u on u.id = r.requested_by""";

    record RequestRow(long id, long staffId, String staffCode, String staffName, long departmentId, long homeSiteId,
                      long leaveTypeId, String leaveTypeCode, String nameVi, String nameEn, String leaveCode,
                      LocalDate startDate, SessionPart startPart, LocalDate endDate, SessionPart endPart,
                      BigDecimal days, String years, String decisions, String reason, LeaveRequest.Status status,
                      String steps,
                      Integer currentStep,
                      String balanceWarning, Long substituteStaffId, boolean hasAttachment, String requestedBy, Instant createdAt,
                      Instant decidedAt, Instant cancelledAt) {}

    @SqlQuery(REQUEST + " where r.id = :id")
    @RegisterConstructorMapper(RequestRow.class)
    Optional<RequestRow> request(@Bind("id") long id);

    @SqlQuery("select id from leave_request where id = :id for update")
    Optional<Long> lockRequest(@Bind("id") long id);

    @SqlQuery(REQUEST + """
             where (:scope.all or s.home_site_id = any(:scope.siteIds) or s.department_id = any(:scope.departmentIds)
                    or s.id = :scope.self)
               and (cast(:staffId as bigint) is null or r.staff_id = :staffId)
               and (cast(:status as text) is null or r.status = :status)
               and (cast(:from as date) is null or r.end_date >= :from)
               and (cast(:to as date) is null or r.start_date <= :to)
             order by r.start_date desc, r.id desc
             limit :limit offset :offset
            """)
    @RegisterConstructorMapper(RequestRow.class)
    List<RequestRow> requests(@BindMethods("scope") StaffScope scope, @Bind("staffId") Long staffId,
                              @Bind("status") String status, @Bind("from") LocalDate from, @Bind("to") LocalDate to,
                              @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("""
            select count(*) from leave_request r join staff s on s.id = r.staff_id
             where (:scope.all or s.home_site_id = any(:scope.siteIds) or s.department_id = any(:scope.departmentIds)
                    or s.id = :scope.self)
               and (cast(:staffId as bigint) is null or r.staff_id = :staffId)
               and (cast(:status as text) is null or r.status = :status)
               and (cast(:from as date) is null or r.end_date >= :from)
               and (cast(:to as date) is null or r.start_date <= :to)
            """)
    long countRequests(@BindMethods("scope") StaffScope scope, @Bind("staffId") Long staffId,
                       @Bind("status") String status, @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    /** Requests of some officers that touch a range, live ones only: for the team calendar. */
    @SqlQuery(REQUEST + """
             where r.staff_id = any(:staffIds) and r.end_date >= :from and r.start_date <= :to
               and r.status in ('PENDING', 'APPROVED', 'CANCEL_REQUESTED')
             order by r.start_date
            """)
    @RegisterConstructorMapper(RequestRow.class)
    List<RequestRow> live(@Bind("staffIds") Long[] staffIds, @Bind("from") LocalDate from, @Bind("to") LocalDate to);

    /**
     * The accounts a caller decides for on a date: their own (with no staff record to keep off), and each active
     * account that delegated to them then (not on the delegator's own requests), while the caller could approve
     * (a supervisor or an administrator): an account that lost that role decides for nobody else.
     */
    String ACTING = """
            with acting as (
                select cast(:userId as bigint) as user_id, cast(null as bigint) as staff_id
                union all
                select u.id, u.staff_id from leave_delegation d join user_account u on u.id = d.from_user_id
                 where d.to_user_id = :userId and d.revoked_at is null and :on between d.starts_on and d.ends_on
                   and u.active and exists (select 1 from user_account me where me.id = :userId and me.active
                                               and me.roles && array['SUPERVISOR', 'ADMIN']::text[])
            )
            """;

    /**
     * Open requests of others whose step (the one a pending request waits at, the last for a cancellation) one of
     * the acting accounts approves: the step names the account, or is "supervisors" and the account is an active
     * supervisor whose scope holds the officer's home site or department. Joined to r (leave_request) and s (staff).
     */
    String WAITING_FOR_ACTING = """
             cross join lateral (
                 select e.step from jsonb_array_elements(r.steps) with ordinality e(step, n)
                  where case when r.status = 'PENDING' then (e.step ->> 'position')::int = r.current_step
                             else n = jsonb_array_length(r.steps) end
                  order by n limit 1) st
             where r.status in ('PENDING', 'CANCEL_REQUESTED') and r.staff_id is distinct from :staffId
               and exists (
                   select 1 from acting a
                    where (a.staff_id is null or a.staff_id <> r.staff_id)
                      and ((st.step ->> 'kind' = 'ACCOUNT' and (st.step ->> 'accountId')::bigint = a.user_id)
                           or (st.step ->> 'kind' = 'SUPERVISORS' and exists (
                                  select 1 from user_account x
                                   where x.id = a.user_id and x.active and 'SUPERVISOR' = any(x.roles)
                                     and (exists (select 1 from user_scope_site y
                                                   where y.user_id = x.id and y.site_id = s.home_site_id)
                                          or exists (select 1 from user_scope_department y
                                                      where y.user_id = x.id and y.department_id = s.department_id))))))
            """;

    /**
     * The requests waiting for a caller's decision, oldest first: the inbox, in one statement. staffId is the
     * caller's own staff record (their own requests are never theirs to decide); on is the date delegations run by.
     */
    @SqlQuery(ACTING + REQUEST + WAITING_FOR_ACTING + " order by r.created_at, r.id")
    @RegisterConstructorMapper(RequestRow.class)
    List<RequestRow> inbox(@Bind("userId") long userId, @Bind("staffId") Long staffId, @Bind("on") LocalDate on);

    /** How many requests {@link #inbox} holds, without reading them. */
    @SqlQuery(ACTING + "select count(*) from leave_request r join staff s on s.id = r.staff_id" + WAITING_FOR_ACTING)
    long inboxCount(@Bind("userId") long userId, @Bind("staffId") Long staffId, @Bind("on") LocalDate on);

    @SqlUpdate("""
            insert into leave_request (staff_id, leave_type_id, start_date, start_part, end_date, end_part, slots, days,
                                       reason, status, steps, current_step, balance_warning, requested_by, created_at)
            values (:staffId, :typeId, :startDate, :startPart, :endDate, :endPart, int8range(:firstSlot, :lastSlot, '[]'),
                    :days, :reason, 'PENDING', cast(:steps as jsonb), 1, :warning, :requestedBy, :at)
            """)
    @GetGeneratedKeys("id")
    long insertRequest(@Bind("staffId") long staffId, @Bind("typeId") long typeId, @Bind("startDate") LocalDate startDate,
                       @Bind("startPart") SessionPart startPart, @Bind("endDate") LocalDate endDate,
                       @Bind("endPart") SessionPart endPart, @Bind("firstSlot") long firstSlot,
                       @Bind("lastSlot") long lastSlot, @Bind("days") BigDecimal days, @Bind("reason") String reason,
                       @Bind("steps") String steps, @Bind("warning") String warning,
                       @Bind("requestedBy") long requestedBy, @Bind("at") Instant at);

    @SqlUpdate("""
            update leave_request set status = :status, current_step = :step,
                   decided_at = case when :status in ('APPROVED', 'REJECTED') then cast(:at as timestamptz) else decided_at end,
                   cancelled_at = case when :status = 'CANCELLED' then cast(:at as timestamptz) else cancelled_at end
             where id = :id
            """)
    int setStatus(@Bind("id") long id, @Bind("status") LeaveRequest.Status status, @Bind("step") Integer step,
                  @Bind("at") Instant at);

    @SqlUpdate("update leave_request set child_birth_date = :born, children = :children, surgery = :surgery where id = :id")
    int setBirth(@Bind("id") long id, @Bind("born") LocalDate born, @Bind("children") Integer children,
                 @Bind("surgery") Boolean surgery);

    /** The days of an officer's live requests of a type for one child (by birth date), in one year or (null) all. */
    @SqlQuery("""
            select coalesce(sum(y.days), 0)
              from leave_request r join leave_request_year y on y.request_id = r.id
             where r.staff_id = :staffId and r.leave_type_id = :typeId and r.child_birth_date = :born
               and r.status in ('PENDING', 'APPROVED', 'CANCEL_REQUESTED')
               and (cast(:year as integer) is null or y.year = :year)
            """)
    BigDecimal daysForChild(@Bind("staffId") long staffId, @Bind("typeId") long typeId, @Bind("born") LocalDate born,
                            @Bind("year") Integer year);

    @SqlUpdate("insert into leave_request_year (request_id, year, days) values (:id, :year, :days)")
    void insertRequestYear(@Bind("id") long id, @Bind("year") int year, @Bind("days") BigDecimal days);

    @SqlUpdate("update leave_request set substitute_staff_id = :substitute where id = :id")
    int setSubstitute(@Bind("id") long id, @Bind("substitute") Long substitute);

    @SqlUpdate("""
            insert into leave_attachment (request_id, file_name, content_type, content)
            values (:id, :fileName, :contentType, :content)
            """)
    void insertAttachment(@Bind("id") long id, @Bind("fileName") String fileName,
                          @Bind("contentType") String contentType, @Bind("content") byte[] content);

    record AttachmentRow(String fileName, String contentType, byte[] content) {}

    @SqlQuery("select file_name, content_type, content from leave_attachment where request_id = :id")
    @RegisterConstructorMapper(AttachmentRow.class)
    Optional<AttachmentRow> attachment(@Bind("id") long id);

    // --- decisions

    @SqlUpdate("""
            insert into leave_decision (request_id, step, action, decided_by, on_behalf_of, comment, decided_at)
            values (:id, :step, :action, :by, :onBehalfOf, :comment, :at)
            """)
    void insertDecision(@Bind("id") long id, @Bind("step") int step, @Bind("action") String action,
                        @Bind("by") long by, @Bind("onBehalfOf") Long onBehalfOf, @Bind("comment") String comment,
                        @Bind("at") Instant at);

    // --- approvers

    /** Whether an active supervisor account's scope holds the officer's home site or department. */
    @SqlQuery("""
            select exists (select 1 from user_account u join staff s on s.id = :staffId
                            where u.id = :userId and u.active and 'SUPERVISOR' = any(u.roles)
                              and (exists (select 1 from user_scope_site x where x.user_id = u.id and x.site_id = s.home_site_id)
                                   or exists (select 1 from user_scope_department x
                                               where x.user_id = u.id and x.department_id = s.department_id)))
            """)
    boolean supervises(@Bind("userId") long userId, @Bind("staffId") long staffId);

    /** The accounts that delegated their approvals to this one on this date, with their own staff record. */
    record Delegator(long userId, Long staffId) {}

    @SqlQuery("""
            select u.id as user_id, u.staff_id from leave_delegation d join user_account u on u.id = d.from_user_id
             where d.to_user_id = :userId and d.revoked_at is null and :on between d.starts_on and d.ends_on and u.active
               and exists (select 1 from user_account me where me.id = :userId and me.active
                              and me.roles && array['SUPERVISOR', 'ADMIN']::text[])
            """)
    @RegisterConstructorMapper(Delegator.class)
    List<Delegator> delegatorsOf(@Bind("userId") long userId, @Bind("on") LocalDate on);

    record Recipient(long userId, String username, String email) {}

    /** Who approves a step: the account, or the supervisors of the officer; with anyone acting for them on a date. */
    @SqlQuery("""
            with approvers as (
                select u.id from user_account u join staff s on s.id = :staffId
                 where u.active and u.staff_id is distinct from :staffId
                   and ((:kind = 'ACCOUNT' and u.id = :accountId)
                        or (:kind = 'SUPERVISORS' and 'SUPERVISOR' = any(u.roles)
                            and (exists (select 1 from user_scope_site x where x.user_id = u.id and x.site_id = s.home_site_id)
                                 or exists (select 1 from user_scope_department x
                                             where x.user_id = u.id and x.department_id = s.department_id))))
            ), acting as (
                select id from approvers
                union
                select d.to_user_id from leave_delegation d join approvers a on a.id = d.from_user_id
                  join user_account t on t.id = d.to_user_id and t.roles && array['SUPERVISOR', 'ADMIN']::text[]
                 where d.revoked_at is null and :on between d.starts_on and d.ends_on
            )
            select u.id as user_id, u.username, st.email
              from acting a join user_account u on u.id = a.id left join staff st on st.id = u.staff_id
             where u.active order by u.username
            """)
    @RegisterConstructorMapper(Recipient.class)
    List<Recipient> approvers(@Bind("staffId") long staffId, @Bind("kind") String kind,
                              @Bind("accountId") Long accountId, @Bind("on") LocalDate on);

    @SqlQuery("""
            select u.id as user_id, u.username, s.email from staff s left join user_account u on u.staff_id = s.id
             where s.id = :staffId and u.id is not null
            """)
    @RegisterConstructorMapper(Recipient.class)
    Optional<Recipient> requester(@Bind("staffId") long staffId);

    // --- chains

    record ChainStepRow(long chainId, Long siteId, Long departmentId, int position, String approverKind,
                        Long accountId, String accountName) {

        public LeaveRequest.Step step() {
            return new LeaveRequest.Step(position, LeaveRequest.StepKind.valueOf(approverKind), accountId, accountName);
        }
    }

    String CHAIN_STEPS = """
            select c.id as chain_id, c.site_id, c.department_id, st.position, st.approver_kind, st.account_id,
                   u.username as account_name
              from leave_chain c join leave_chain_step st on st.chain_id = c.id
              left join user_account u on u.id = st.account_id""";

    @SqlQuery(CHAIN_STEPS + " order by c.department_id nulls first, c.site_id, st.position")
    @RegisterConstructorMapper(ChainStepRow.class)
    List<ChainStepRow> chainSteps();

    /** The chain that applies to an officer: their department's, else their home site's. */
    @SqlQuery(CHAIN_STEPS + """
             where c.id = (select c2.id from leave_chain c2
                            where c2.department_id = :departmentId or c2.site_id = :siteId
                            order by c2.department_id nulls last limit 1)
             order by st.position
            """)
    @RegisterConstructorMapper(ChainStepRow.class)
    List<ChainStepRow> chainFor(@Bind("siteId") long siteId, @Bind("departmentId") long departmentId);

    @SqlQuery("""
            insert into leave_chain (site_id, department_id) values (:siteId, :departmentId)
            on conflict do nothing returning id
            """)
    Optional<Long> insertChain(@Bind("siteId") Long siteId, @Bind("departmentId") Long departmentId);

    @SqlQuery("""
            select id from leave_chain
             where site_id is not distinct from :siteId and department_id is not distinct from :departmentId for update
            """)
    Optional<Long> lockChain(@Bind("siteId") Long siteId, @Bind("departmentId") Long departmentId);

    @SqlUpdate("delete from leave_chain_step where chain_id = :id")
    void clearSteps(@Bind("id") long id);

    @SqlUpdate("delete from leave_chain where id = :id")
    void deleteChain(@Bind("id") long id);

    @SqlUpdate("update leave_chain set updated_at = now() where id = :id")
    void touchChain(@Bind("id") long id);

    @SqlUpdate("""
            insert into leave_chain_step (chain_id, position, approver_kind, account_id)
            values (:id, :position, :kind, :accountId)
            """)
    void insertStep(@Bind("id") long id, @Bind("position") int position, @Bind("kind") String kind,
                    @Bind("accountId") Long accountId);

    record AccountRow(long id, String username, boolean active, Long staffId) {}

    @SqlQuery("select id, username, active, staff_id from user_account where id = :id")
    @RegisterConstructorMapper(AccountRow.class)
    Optional<AccountRow> account(@Bind("id") long id);

    /** Whether an account could approve leave: an active supervisor or administrator. */
    @SqlQuery("select exists (select 1 from user_account where id = :id and active and roles && array['SUPERVISOR', 'ADMIN']::text[])")
    boolean canApprove(@Bind("id") long id);

    @SqlQuery("""
            select id, username, active, staff_id from user_account
             where active and roles && array['SUPERVISOR', 'ADMIN']::text[] order by username
            """)
    @RegisterConstructorMapper(AccountRow.class)
    List<AccountRow> approverAccounts();

    // --- delegations

    record DelegationRow(long id, long fromUserId, String fromUsername, long toUserId, String toUsername,
                         LocalDate startsOn, LocalDate endsOn, Instant revokedAt, String revokedBy) {

        public boolean revoked() {
            return revokedAt != null;
        }
    }

    String DELEGATION = """
            select d.id, d.from_user_id, f.username as from_username, d.to_user_id, t.username as to_username,
                   d.starts_on, d.ends_on, d.revoked_at, r.username as revoked_by
              from leave_delegation d join user_account f on f.id = d.from_user_id join user_account t on t.id = d.to_user_id
              left join user_account r on r.id = d.revoked_by""";

    @SqlQuery(DELEGATION + """
             where :all or d.from_user_id = :userId or d.to_user_id = :userId
             order by d.starts_on desc, d.id desc
            """)
    @RegisterConstructorMapper(DelegationRow.class)
    List<DelegationRow> delegations(@Bind("all") boolean all, @Bind("userId") long userId);

    @SqlQuery(DELEGATION + " where d.id = :id")
    @RegisterConstructorMapper(DelegationRow.class)
    Optional<DelegationRow> delegation(@Bind("id") long id);

    @SqlQuery("select id from leave_delegation where id = :id for update")
    Optional<Long> lockDelegation(@Bind("id") long id);

    /** Ends a delegation now; a revoked one stays as it was (0 rows). */
    @SqlUpdate("""
            update leave_delegation set revoked_at = :at, revoked_by = :by where id = :id and revoked_at is null
            """)
    int revokeDelegation(@Bind("id") long id, @Bind("at") Instant at, @Bind("by") long by);

    @SqlUpdate("""
            insert into leave_delegation (from_user_id, to_user_id, starts_on, ends_on, created_by)
            values (:from, :to, :startsOn, :endsOn, :by)
            """)
    @GetGeneratedKeys("id")
    long insertDelegation(@Bind("from") long from, @Bind("to") long to, @Bind("startsOn") LocalDate startsOn,
                          @Bind("endsOn") LocalDate endsOn, @Bind("by") long by);

    // --- what attendance reads

    /**
     * Every session of approved leave of the officers in a range, one row per (officer, date, session), with the
     * type's legend code. Non-working days inside a request are included: attendance knows the calendar.
     */
    @SqlQuery("""
            select r.staff_id, d::date as date, p.part, t.timesheet_code as leave_code, t.counts_calendar_days
              from leave_request r
              join leave_type t on t.id = r.leave_type_id
              cross join lateral generate_series(greatest(r.start_date, cast(:from as date)),
                                                 least(r.end_date, cast(:to as date)), interval '1 day') d
              cross join (values ('MORNING', 0), ('AFTERNOON', 1)) p(part, n)
             where r.staff_id = any(:staffIds) and r.status in ('APPROVED', 'CANCEL_REQUESTED')
               and r.start_date <= :to and r.end_date >= :from
               and r.slots @> ((d::date - date '1970-01-01') * 2 + p.n)::bigint
             order by r.staff_id, d, p.n
            """)
    @RegisterConstructorMapper(LeaveSession.class)
    List<LeaveSession> approvedSessions(@Bind("staffIds") Long[] staffIds, @Bind("from") LocalDate from,
                                        @Bind("to") LocalDate to);
}
