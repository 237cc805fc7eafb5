package vn.onduty.server.demo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.auth.Role;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.leave.LeaveApprovals;
import vn.onduty.server.leave.LeaveApprovals.DecisionInput;
import vn.onduty.server.leave.LeaveLedger;
import vn.onduty.server.leave.LeaveRequest;
import vn.onduty.server.leave.LeaveRequestInput;
import vn.onduty.server.leave.LeaveRequests;
import vn.onduty.server.leave.LeaveType;
import vn.onduty.server.leave.LeaveTypes;

/**
 * The demo's leave, made through the leave classes themselves (so the calendar, chains and balances are the real
 * ones), right after the demo is first seeded: the main site's chain (supervisor, then admin), the year's
 * allocations, and a few requests: the officer's approved day last month, a colleague's sick leave with its
 * note, one request waiting for the supervisor and one waiting for the admin. The acceptance walk then starts
 * from a clean officer: request two and a half days, the supervisor sees the counter and a free colleague.
 */
public final class DemoLeave {

    private static final Logger LOG = LoggerFactory.getLogger(DemoLeave.class);

    private final Jdbi jdbi;
    private final LeaveTypes types;
    private final LeaveLedger ledger;
    private final LeaveRequests requests;
    private final LeaveApprovals approvals;
    private final Clock clock;

    public DemoLeave(Jdbi jdbi, LeaveTypes types, LeaveLedger ledger, LeaveRequests requests, LeaveApprovals approvals,
                     Clock clock) {
        this.jdbi = jdbi;
        this.types = types;
        this.ledger = ledger;
        this.requests = requests;
        this.approvals = approvals;
        this.clock = clock;
    }

    record Person(long id, String username, Long staffId) {}

    private Person person(String username) {
        return jdbi.withHandle(h -> h.createQuery("select id, username, staff_id from user_account where username = :u")
                .bind("u", username).map((rs, ctx) -> new Person(rs.getLong(1), rs.getString(2),
                        rs.getObject(3) == null ? null : rs.getLong(3))).one());
    }

    public void seed() {
        Person adminAccount = person("admin");
        Person supervisorAccount = person("supervisor");
        long main = jdbi.withHandle(h -> h.createQuery("select min(id) from site").mapTo(Long.class).one());
        Caller admin = new Caller(adminAccount.id(), "admin", Set.of(Role.ADMIN), null, Set.of(), Set.of(), null, null,
                null, "vi", false, null);
        Caller supervisor = new Caller(supervisorAccount.id(), "supervisor", Set.of(Role.OFFICER, Role.SUPERVISOR),
                supervisorAccount.staffId(), Set.of(main), Set.of(), null, null, null, "vi", false, null);

        approvals.setChain(new LeaveApprovals.ChainInput(main, null, List.of(
                new LeaveApprovals.StepInput(LeaveRequest.StepKind.ACCOUNT, supervisorAccount.id()),
                new LeaveApprovals.StepInput(LeaveRequest.StepKind.ACCOUNT, adminAccount.id()))), admin);
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Ho_Chi_Minh")));
        ledger.allocateYear(today.getYear(), admin);

        long annual = type("ANNUAL");
        long sick = type("SICK");
        Person officer = person("officer");
        // Colleagues at the main site (staff of other departments than the officer's, so the walk's free colleague stays free).
        List<Long> others = jdbi.withHandle(h -> h.createQuery("""
                select s.id from staff s where s.home_site_id = :main and s.id <> :officer and s.id <> :supervisor
                   and s.department_id <> (select department_id from staff where id = :officer)
                 order by s.id limit 3
                """).bind("main", main).bind("officer", officer.staffId()).bind("supervisor", supervisorAccount.staffId())
                .mapTo(Long.class).list());

        // The officer's day last month, approved at both steps.
        LocalDate past = workingDay(officer.staffId(), annual, today.minusWeeks(4).with(TemporalAdjusters.previousOrSame(DayOfWeek.TUESDAY)), admin);
        LeaveRequest lastMonth = requests.request(input(officer.staffId(), annual, past, past, "Việc gia đình", null), admin);
        approvals.approve(lastMonth.id(), new DecisionInput(1, "Đồng ý"), supervisor);
        approvals.approve(lastMonth.id(), new DecisionInput(2, null), admin);

        // A colleague's sick leave last week, with the hospital's note.
        LocalDate sickDay = workingDay(others.get(0), sick, today.minusWeeks(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), admin);
        LeaveRequest ill = requests.request(input(others.get(0), sick, sickDay, sickDay.plusDays(1), "Sốt xuất huyết",
                new LeaveRequestInput.Attachment("giay-ra-vien.pdf", "application/pdf", Base64.getEncoder().encodeToString(
                        "%PDF-1.4\n% Giấy ra viện (mẫu)\n".getBytes(StandardCharsets.UTF_8)))), admin);
        approvals.approve(ill.id(), new DecisionInput(1, null), supervisor);
        approvals.approve(ill.id(), new DecisionInput(2, null), admin);

        // Waiting for the supervisor (step 1) and for the admin (step 2).
        LocalDate nextWeek = workingDay(others.get(1), annual, today.plusWeeks(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.THURSDAY)), admin);
        requests.request(input(others.get(1), annual, nextWeek, nextWeek, "Đưa con đi khám", null), admin);
        LocalDate later = workingDay(others.get(2), annual, today.plusWeeks(2).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), admin);
        LeaveRequest waiting = requests.request(input(others.get(2), annual, later, later.plusDays(1), "Về quê", null), admin);
        approvals.approve(waiting.id(), new DecisionInput(1, "Đồng ý, báo tổ trưởng bố trí quầy"), supervisor);
        LOG.info("Seeded the demo's leave: chain supervisor → admin, allocations for {}, 4 requests", today.getYear());
    }

    private long type(String code) {
        return types.all().stream().filter(t -> t.code().equals(code)).mapToLong(LeaveType::id).findFirst().orElseThrow();
    }

    /** The first date from {@code from} on that counts as a working day for the officer. */
    private LocalDate workingDay(long staffId, long type, LocalDate from, Caller admin) {
        LocalDate d = from;
        for (int i = 0; i < 30; i++, d = d.plusDays(1)) {
            LeaveRequests.Preview p = requests.preview(input(staffId, type, d, d, null, null), admin);
            if (p.days() != null && p.days().signum() > 0) {
                return d;
            }
        }
        return from;
    }

    private static LeaveRequestInput input(long staffId, long type, LocalDate from, LocalDate to, String reason,
                                           LeaveRequestInput.Attachment attachment) {
        return new LeaveRequestInput(staffId, type, from, SessionPart.MORNING, to, SessionPart.AFTERNOON, reason, attachment);
    }
}
