package vn.onduty.server.leave;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.auth.Role;
import vn.onduty.server.auth.ScopeDao;
import vn.onduty.server.calendar.LunarCalendar;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.mail.MailConfiguration;
import vn.onduty.server.mail.Mailer;
import vn.onduty.server.roster.RosterService;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;
import vn.onduty.server.timesheet.TimesheetService;

/**
 * The approvals inbox and its count (the badge every supervisor page loads) each send a fixed number of SQL
 * statements, whatever the number of open requests: counted with a JDBI {@link SqlLogger} for 3 and for 300
 * requests awaiting one supervisor, beside requests that await someone else or nobody. The inbox holds exactly
 * the requests the supervisor may decide now (by their step's scope or account, themselves or for an approver who
 * delegated to them), oldest first, each as its own page reads it; the count is its size.
 */
class LeaveInboxStatementsIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(LeaveInboxStatementsIT.class);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-16T02:00:00Z"), ZoneOffset.UTC);
    static final Instant CREATED = Instant.parse("2026-11-02T01:00:00Z");
    static final LocalDate START = LocalDate.parse("2026-12-07");
    static final LocalDate END = LocalDate.parse("2026-12-08");

    static long site;
    static long department;
    /** A department whose supervisor delegated to the lead. */
    static long delegatedDepartment;
    /** A department the lead has nothing to do with. */
    static long otherDepartment;
    static long annual;
    static long admin;
    /** The supervisor whose inbox is read: scope the department, with a staff record of their own. */
    static long lead;
    static long leadStaff;
    /** Step 2's account, away: delegated to the lead. */
    static long deputy;
    static long deputyStaff;
    /** Another step's account: their delegations to the lead were revoked or have ended. */
    static long director;

    static LeaveRequests requests;
    static LeaveApprovals approvals;

    /** Requests the lead may decide now, in the order written; the inbox answers them oldest first. */
    static final List<Awaiting> awaiting = new ArrayList<>();
    static final AtomicInteger officers = new AtomicInteger();

    record Awaiting(long id, Instant createdAt, String kind) {}

    @BeforeAll
    static void arrange() {
        DB.migrate();
        Jdbi jdbi = DB.jdbi();
        jdbi.useHandle(h -> {
            site = h.createQuery("insert into site (name) values ('Trung tâm PVHCC tỉnh Thừa Thiên Huế') returning id")
                    .mapTo(Long.class).one();
            department = h.createQuery("insert into department (code, name) values ('STP', 'Sở Tư pháp') returning id")
                    .mapTo(Long.class).one();
            delegatedDepartment = h.createQuery("insert into department (code, name) values ('SNV', 'Sở Nội vụ') returning id")
                    .mapTo(Long.class).one();
            otherDepartment = h.createQuery("insert into department (code, name) values ('SCT', 'Sở Công Thương') returning id")
                    .mapTo(Long.class).one();
            annual = h.createQuery("select id from leave_type where code = 'ANNUAL'").mapTo(Long.class).one();
        });
        admin = account("quantri", "ADMIN", null);
        leadStaff = officer(department, "Trần Văn Tổ Trưởng");
        lead = account("totruong", "SUPERVISOR", leadStaff);
        deputyStaff = officer(department, "Lê Thị Phó");
        deputy = account("phogiamdoc", "SUPERVISOR", deputyStaff);
        director = account("giamdoc", "SUPERVISOR", null);
        long away = account("truongphongnv", "SUPERVISOR", null);
        long other = account("truongphongct", "SUPERVISOR", null);
        DB.jdbi().useHandle(h -> {
            h.execute("insert into user_scope_department (user_id, department_id) values (?, ?)", lead, department);
            h.execute("insert into user_scope_department (user_id, department_id) values (?, ?)", away, delegatedDepartment);
            h.execute("insert into user_scope_department (user_id, department_id) values (?, ?)", other, otherDepartment);
            h.execute("""
                    insert into leave_delegation (from_user_id, to_user_id, starts_on, ends_on, created_by)
                    values (?, ?, '2026-11-16', '2026-11-16', ?)""", away, lead, away);
            h.execute("""
                    insert into leave_delegation (from_user_id, to_user_id, starts_on, ends_on, created_by)
                    values (?, ?, '2026-11-10', '2026-11-20', ?)""", deputy, lead, deputy);
            h.execute("""
                    insert into leave_delegation (from_user_id, to_user_id, starts_on, ends_on, created_by, revoked_at, revoked_by)
                    values (?, ?, '2026-11-10', '2026-11-20', ?, '2026-11-12T00:00:00Z', ?)""", director, lead, director,
                    director);
            h.execute("""
                    insert into leave_delegation (from_user_id, to_user_id, starts_on, ends_on, created_by)
                    values (?, ?, '2026-10-01', '2026-11-15', ?)""", director, lead, director);
        });
        notAwaiting();
        wire(jdbi);
    }

    /** The leave classes as the application wires them, on the test's own Jdbi. */
    static void wire(Jdbi jdbi) {
        ObjectMapper json = Jackson.newObjectMapper();
        AuditLog audit = new AuditLog(jdbi, json, CLOCK);
        AccessPolicy policy = new AccessPolicy(jdbi.onDemand(ScopeDao.class));
        WorkingCalendar calendar = new WorkingCalendar(jdbi, LunarCalendar.VIETNAM, CLOCK);
        TimesheetService timesheets = new TimesheetService(jdbi, audit, policy, calendar, (s, from, to) -> 0, json, CLOCK);
        RosterService roster = new RosterService(jdbi, audit, policy, calendar, CLOCK);
        LeaveAccess access = new LeaveAccess(jdbi, policy, timesheets, json, CLOCK);
        LeaveCoverage coverage = new LeaveCoverage(jdbi, policy, calendar, roster, access);
        LeaveFollowUp followUp = new LeaveFollowUp(jdbi, (s, from, to) -> {},
                new LeaveNotifier(new Mailer(new MailConfiguration()), "http://localhost"), CLOCK);
        requests = new LeaveRequests(jdbi, audit, calendar, new LeaveLedger(jdbi, audit, policy, calendar, json, CLOCK), access,
                coverage, followUp, json, CLOCK);
        approvals = new LeaveApprovals(jdbi, audit, policy, access, coverage, followUp, CLOCK);
    }

    static List<LeaveRequest> inbox(Caller caller) {
        return approvals.inbox(caller);
    }

    static long inboxCount(Caller caller) {
        return approvals.inboxCount(caller);
    }

    static LeaveRequest find(long id) {
        return requests.find(id, Caller.system("test")).orElseThrow();
    }

    @Test
    void theInboxAndItsCountSendAsManyStatementsForThreeRequestsAsForThreeHundred() {
        Caller supervisor = new Caller(lead, "totruong", Set.of(Role.SUPERVISOR), leadStaff, Set.of(), Set.of(department),
                null, null, null, "vi", false, null);
        awaitUntil(3);
        Counted few = counted(supervisor);
        awaitUntil(300);
        Counted many = counted(supervisor);
        assertThat(awaiting.stream().map(Awaiting::kind).distinct()).as("every way of awaiting the lead").hasSize(5);

        for (Counted c : List.of(few, many)) {
            List<Long> expected = awaiting.stream().limit(c.size())
                    .sorted(Comparator.comparing(Awaiting::createdAt).thenComparing(Awaiting::id)).map(Awaiting::id).toList();
            assertThat(c.inbox()).extracting(LeaveRequest::id).containsExactlyElementsOf(expected);
            assertThat(c.count()).isEqualTo(expected.size());
        }
        // What the page and the API show of each: the same request as its own page reads it, decisions included.
        for (LeaveRequest r : many.inbox()) {
            assertThat(r).isEqualTo(find(r.id()));
        }
        LeaveRequest cancelling = many.inbox().stream().filter(r -> r.status() == LeaveRequest.Status.CANCEL_REQUESTED)
                .findFirst().orElseThrow();
        assertThat(cancelling.decisions()).extracting(LeaveRequest.Decision::action)
                .containsExactly("APPROVE", "APPROVE", "CANCEL_REQUEST");
        assertThat(cancelling.decisions().get(0).decidedBy()).isEqualTo("giamdoc");
        assertThat(cancelling.decisions().get(0).decidedAt())
                .isEqualTo(CREATED.plus(1, ChronoUnit.DAYS).plusNanos(123_456_000).plusSeconds(1));
        assertThat(cancelling.steps()).hasSize(2);
        LeaveRequest delegated = many.inbox().stream().filter(r -> r.currentStep() != null && r.currentStep() == 2)
                .findFirst().orElseThrow();
        assertThat(delegated.step(2).accountName()).isEqualTo("phogiamdoc");
        assertThat(delegated.staffName()).startsWith("Cán bộ ");
        assertThat(delegated.years()).extracting(LeaveRules.YearDays::year).containsExactly(2026);

        assertThat(many.inboxStatements()).as("the inbox: %d statements for 3 requests, %d for 300",
                few.inboxStatements(), many.inboxStatements()).isEqualTo(few.inboxStatements()).isEqualTo(1);
        assertThat(many.countStatements()).as("the count: %d statements for 3 requests, %d for 300",
                few.countStatements(), many.countStatements()).isEqualTo(few.countStatements()).isEqualTo(1);
    }

    record Counted(int size, List<LeaveRequest> inbox, int inboxStatements, long count, int countStatements) {}

    static Counted counted(Caller caller) {
        AtomicInteger statements = new AtomicInteger();
        SqlStatements config = DB.jdbi().getConfig(SqlStatements.class);
        SqlLogger before = config.getSqlLogger();
        config.setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                statements.incrementAndGet();
            }
        });
        try {
            List<LeaveRequest> inbox = inbox(caller);
            int inboxStatements = statements.getAndSet(0);
            long count = inboxCount(caller);
            return new Counted(awaiting.size(), inbox, inboxStatements, count, statements.get());
        } finally {
            config.setSqlLogger(before);
        }
    }

    /**
     * Adds requests the lead may decide now until there are n: by scope at step 1, as the account delegated to them at
     * step 2, a cancellation at a last step of "supervisors", as step 1's account, and by a delegated scope.
     */
    static void awaitUntil(int n) {
        while (awaiting.size() < n) {
            int i = awaiting.size();
            long staff = officer(i % 5 == 4 ? delegatedDepartment : department, null);
            // Not in id order: the inbox is oldest first, ties by id.
            Instant created = CREATED.plus((i * 37L) % 101, ChronoUnit.MINUTES);
            Awaiting a = switch (i % 5) {
                case 0 -> new Awaiting(request(staff, "PENDING", 1, steps(supervisors(1), account(2, director, "giamdoc")),
                        created), created, "scope");
                case 1 -> {
                    long id = request(staff, "PENDING", 2, steps(account(1, director, "giamdoc"), account(2, deputy, "phogiamdoc")),
                            created);
                    decision(id, 1, "APPROVE", director, null);
                    yield new Awaiting(id, created, "delegation");
                }
                case 2 -> {
                    long id = request(staff, "CANCEL_REQUESTED", null, steps(account(1, director, "giamdoc"), supervisors(2)),
                            created);
                    decision(id, 1, "APPROVE", director, null);
                    decision(id, 2, "APPROVE", lead, null);
                    decision(id, 0, "CANCEL_REQUEST", admin, "Đi làm lại sớm");
                    yield new Awaiting(id, created, "cancellation");
                }
                case 3 -> new Awaiting(request(staff, "PENDING", 1, steps(account(1, lead, "totruong"), supervisors(2)),
                        created), created, "account");
                default -> new Awaiting(request(staff, "PENDING", 1, steps(supervisors(1)), created), created,
                        "delegated scope");
            };
            awaiting.add(a);
        }
    }

    /** Open and closed requests that are not the lead's to decide now. */
    static void notAwaiting() {
        String chain = steps(supervisors(1), account(2, director, "giamdoc"));
        // At the director's step: their delegation to the lead was revoked, and another one has ended.
        long atDirector = request(officer(department, null), "PENDING", 2, chain, CREATED);
        decision(atDirector, 1, "APPROVE", lead, null);
        // Decided or withdrawn.
        request(officer(department, null), "APPROVED", null, chain, CREATED);
        request(officer(department, null), "REJECTED", null, chain, CREATED);
        request(officer(department, null), "CANCELLED", null, chain, CREATED);
        // The lead's own request, at a step the lead's scope would hold.
        request(leadStaff, "PENDING", 1, chain, CREATED);
        // Another department: not in the lead's scope.
        request(officer(otherDepartment, null), "PENDING", 1, chain, CREATED);
        // The deputy's own request at the deputy's step: their delegate may not decide it.
        request(deputyStaff, "PENDING", 2, steps(account(1, director, "giamdoc"), account(2, deputy, "phogiamdoc")),
                CREATED);
        // In the delegated department, but at an account's step, not the delegating supervisor's.
        long delegatedAtDirector = request(officer(delegatedDepartment, null), "PENDING", 2, chain, CREATED);
        decision(delegatedAtDirector, 1, "APPROVE", director, null);
        // At the step of an account that delegated to the lead, but is no longer active.
        long retired = account("nghihuu", "SUPERVISOR", null);
        DB.jdbi().useHandle(h -> {
            h.execute("update user_account set active = false where id = ?", retired);
            h.execute("""
                    insert into leave_delegation (from_user_id, to_user_id, starts_on, ends_on, created_by)
                    values (?, ?, '2026-11-01', '2026-12-31', ?)""", retired, lead, admin);
        });
        request(officer(department, null), "PENDING", 1, steps(account(1, retired, "nghihuu")), CREATED);
    }

    static long officer(long departmentId, String name) {
        int n = officers.incrementAndGet();
        return DB.jdbi().withHandle(h -> h.createQuery("""
                        insert into staff (code, full_name, department_id, home_site_id, service_start_date)
                        values (:code, :name, :department, :site, '2019-03-01') returning id""")
                .bind("code", "CB" + n).bind("name", name != null ? name : "Cán bộ " + n)
                .bind("department", departmentId).bind("site", site).mapTo(Long.class).one());
    }

    static long account(String username, String role, Long staffId) {
        return DB.jdbi().withHandle(h -> h.createQuery("""
                        insert into user_account (username, password_hash, roles, staff_id)
                        values (:username, 'x', array[:role], :staff) returning id""")
                .bind("username", username).bind("role", role).bind("staff", staffId).mapTo(Long.class).one());
    }

    static long request(long staffId, String status, Integer step, String steps, Instant createdAt) {
        return DB.jdbi().withHandle(h -> {
            long id = h.createQuery("""
                            insert into leave_request (staff_id, leave_type_id, start_date, start_part, end_date, end_part,
                                                       slots, days, reason, status, steps, current_step, requested_by, created_at)
                            values (:staff, :type, :start, 'MORNING', :end, 'AFTERNOON', int8range(:first, :last, '[]'), 2,
                                    'Về quê', :status, cast(:steps as jsonb), :step, :by, :at) returning id""")
                    .bind("staff", staffId).bind("type", annual).bind("start", START).bind("end", END)
                    .bind("first", LeaveRules.slot(START, SessionPart.MORNING))
                    .bind("last", LeaveRules.slot(END, SessionPart.AFTERNOON)).bind("status", status)
                    .bind("steps", steps).bind("step", step).bind("by", admin).bind("at", createdAt)
                    .mapTo(Long.class).one();
            h.execute("insert into leave_request_year (request_id, year, days) values (?, 2026, 2)", id);
            return id;
        });
    }

    static void decision(long requestId, int step, String action, long by, String comment) {
        DB.jdbi().useHandle(h -> h.execute("""
                insert into leave_decision (request_id, step, action, decided_by, comment, decided_at)
                values (?, ?, ?, ?, ?, ?)""", requestId, step, action, by, comment,
                CREATED.plus(1, ChronoUnit.DAYS).plusNanos(123_456_000).plusSeconds(step)));
    }

    static String steps(String... steps) {
        return "[" + String.join(",", steps) + "]";
    }

    /** A step as requests store it (the chain when the request was made). */
    static String supervisors(int position) {
        return "{\"position\":" + position + ",\"kind\":\"SUPERVISORS\",\"accountId\":null,\"accountName\":null}";
    }

    static String account(int position, long accountId, String name) {
        return "{\"position\":" + position + ",\"kind\":\"ACCOUNT\",\"accountId\":" + accountId + ",\"accountName\":\""
                + name + "\"}";
    }
}
