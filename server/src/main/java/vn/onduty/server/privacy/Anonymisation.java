package vn.onduty.server.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.staff.StaffService;

/**
 * Erasure where the law allows it: an officer who left is anonymised once the notice's delay after their end of
 * service has passed (Law 91/2025/QH15 Art. 25: an employee's data goes at the end of the contract unless a law
 * keeps it; a public unit's timesheets are accounting records it must keep). Their name, code and contact become a
 * pseudonym or go, their accounts lose their names and every way in, the free-text reasons of their corrections,
 * leave, entitlements and roster changes go, their leave documents are deleted, and their name, code, e-mail, phone
 * and usernames are replaced wherever other free text, filed timesheets or the audit log mention them. The figures
 * stay: punches, attendance, leave dates and types, presence, tickets, and the cells of filed timesheets. One
 * transaction does it all, or nothing.
 */
public final class Anonymisation {

    /** What replaces a removed reason where the database requires some text. */
    public static final String REMOVED = "(đã xóa khi ẩn danh hóa)";

    /** Free-text columns that may mention any officer, as "table.column" with "json" for jsonb ones. */
    static final List<String[]> MENTIONS = List.of(
            new String[] {"attendance_correction", "reason", "text"},
            new String[] {"attendance_correction", "decision_comment", "text"},
            new String[] {"leave_request", "reason", "text"},
            new String[] {"leave_request", "balance_warning", "text"},
            new String[] {"leave_request", "steps", "json"},
            new String[] {"leave_decision", "comment", "text"},
            new String[] {"leave_ledger", "reason", "text"},
            new String[] {"leave_ledger", "basis", "json"},
            new String[] {"punch_resolution", "note", "text"},
            new String[] {"punch_time_acceptance", "note", "text"},
            new String[] {"roster_template", "note", "text"},
            new String[] {"roster_change", "reason", "text"},
            new String[] {"roster_change_revocation", "reason", "text"},
            new String[] {"timesheet_lock", "unlock_reason", "text"},
            new String[] {"agent_command", "message", "text"},
            new String[] {"agent_command", "error", "text"},
            new String[] {"agent_command", "result", "json"},
            new String[] {"holiday", "withdraw_reason", "text"},
            new String[] {"ticket_import", "error", "text"},
            new String[] {"ticket_import", "problems", "json"});

    /** An officer who left, and from when they may be anonymised. */
    public record Leaver(long staffId, String code, String fullName, LocalDate endOfServiceDate, LocalDate eligibleFrom,
                         boolean eligible) {}

    /** Where an officer stands: their end of service, and whether and from when anonymisation is possible. */
    public record Status(long staffId, String code, String fullName, boolean active, LocalDate endOfServiceDate,
                         LocalDate eligibleFrom, boolean eligible, Instant anonymisedAt, int anonymiseAfterMonths) {}

    /** What an anonymisation changed, by kind: rows touched. */
    public record Result(long staffId, String code, String fullName, Instant anonymisedAt, Map<String, Integer> changed) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final StaffService staff;
    private final PrivacyNotices notices;
    private final ObjectMapper json;
    private final Clock clock;

    public Anonymisation(Jdbi jdbi, AuditLog audit, AccessPolicy policy, StaffService staff, PrivacyNotices notices,
                         ObjectMapper json, Clock clock) {
        this.jdbi = jdbi;
        this.staff = staff;
        this.audit = audit;
        this.policy = policy;
        this.notices = notices;
        this.json = json;
        this.clock = clock;
    }

    public List<Leaver> leavers(Caller caller) {
        policy.requireAdmin(caller);
        int months = notices.current().anonymiseAfterMonths();
        return jdbi.withExtension(AnonymisationDao.class, dao -> dao.leavers(500)).stream().map(s -> {
            LocalDate from = s.endOfServiceDate().plusMonths(months);
            return new Leaver(s.id(), s.code(), s.fullName(), s.endOfServiceDate(), from, !from.isAfter(today(s)));
        }).toList();
    }

    public Status status(long staffId, Caller caller) {
        policy.requireAdmin(caller);
        int months = notices.current().anonymiseAfterMonths();
        AnonymisationDao.Subject s = jdbi.withExtension(AnonymisationDao.class, dao -> dao.find(staffId))
                .orElseThrow(() -> new NotFoundException("No staff member " + staffId));
        return status(s, months);
    }

    private Status status(AnonymisationDao.Subject s, int months) {
        LocalDate from = s.endOfServiceDate() == null ? null : s.endOfServiceDate().plusMonths(months);
        boolean eligible = s.anonymisedAt() == null && !s.active() && from != null && !from.isAfter(today(s));
        return new Status(s.id(), s.code(), s.fullName(), s.active(), s.endOfServiceDate(), from, eligible,
                s.anonymisedAt(), months);
    }

    /** Records (or clears, with null) the officer's last day of service. Audited. */
    public Status setEndOfService(long staffId, LocalDate date, Caller caller) {
        policy.requireAdmin(caller);
        int months = notices.current().anonymiseAfterMonths();
        AnonymisationDao.Subject s = jdbi.withExtension(AnonymisationDao.class, dao -> dao.find(staffId))
                .orElseThrow(() -> new NotFoundException("No staff member " + staffId));
        if (s.anonymisedAt() != null) {
            throw new ConflictException("Already anonymised on " + s.anonymisedAt() + ": the record no longer changes");
        }
        // The staff record has one writer: the end of service is the staff form's field.
        staff.setEndOfService(staffId, date, caller);
        return status(jdbi.withExtension(AnonymisationDao.class, dao -> dao.find(staffId)).orElseThrow(), months);
    }

    /**
     * Anonymises the officer. {@code confirmCode} must repeat their staff code: the step cannot be undone. Refused
     * (409, nothing changed) while the officer is active, has no end of service, or the delay has not passed.
     */
    public Result anonymise(long staffId, String confirmCode, Caller caller) {
        policy.requireAdmin(caller);
        int months = notices.current().anonymiseAfterMonths();
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            AnonymisationDao dao = h.attach(AnonymisationDao.class);
            AnonymisationDao.Subject s = dao.lock(staffId).orElseThrow(() -> new NotFoundException("No staff member " + staffId));
            Status st = status(s, months);
            if (s.anonymisedAt() != null) {
                throw new ConflictException("Already anonymised on " + s.anonymisedAt());
            }
            if (s.active()) {
                throw new ConflictException("Staff member " + s.code() + " is still active: deactivate them and record"
                        + " their end of service first");
            }
            if (s.endOfServiceDate() == null) {
                throw new ConflictException("Staff member " + s.code() + " has no end of service date: record it first");
            }
            if (!st.eligible()) {
                throw new ConflictException("Staff member " + s.code() + " may be anonymised from " + st.eligibleFrom()
                        + " (" + months + " months after the end of service on " + s.endOfServiceDate() + ")");
            }
            if (confirmCode == null || !confirmCode.strip().equals(s.code())) {
                throw InvalidInputException.field("confirmCode", "must repeat the officer's staff code " + s.code()
                        + ": anonymisation cannot be undone");
            }
            dao.startRedacting();
            String code = free(dao, "AN" + s.id(), c -> dao.codeTaken(c, s.id()));
            String name = "Cán bộ đã ẩn danh #" + s.id();
            List<AnonymisationDao.Account> accounts = dao.accounts(s.id());
            Map<String, String> usernames = new LinkedHashMap<>();
            List<Redactor.Identifier> ids = new ArrayList<>();
            ids.add(new Redactor.Identifier(s.fullName(), name, true));
            ids.add(new Redactor.Identifier(s.code(), code, true));
            ids.add(new Redactor.Identifier(s.email(), "[đã xóa]", false));
            ids.add(new Redactor.Identifier(s.phone(), "[đã xóa]", false));
            for (AnonymisationDao.Account a : accounts) {
                String u = free(dao, "an-danh-" + a.id(), x -> dao.usernameTaken(x, a.id()));
                usernames.put(a.username(), u);
                ids.add(new Redactor.Identifier(a.username(), u, true));
            }
            // Identifiers of one or two characters would match inside unrelated words; the name is always searched.
            Redactor redactor = new Redactor(ids.stream().filter(i -> i.value() != null
                    && (i.value().strip().length() >= 3 || i.value().equals(s.fullName()))).toList(), json);
            String pattern = redactor.sqlPattern();
            Map<String, Integer> changed = new LinkedHashMap<>();

            // The audit log first: finding the events about the officer reads their usernames, still as they were.
            int events = 0;
            for (AnonymisationDao.Event e : dao.events(s.id(), usernames.keySet().toArray(String[]::new), pattern)) {
                boolean theirs = usernames.containsKey(e.actor());
                String actor = theirs ? usernames.get(e.actor()) : e.actor();
                String entityId = usernames.getOrDefault(e.entityId(), redactor.text(e.entityId()));
                String before = redactor.json(e.before(), e.about());
                String after = redactor.json(e.after(), e.about());
                String ip = theirs ? null : e.ip();
                if (!Objects.equals(actor, e.actor()) || !Objects.equals(entityId, e.entityId())
                        || !sameJson(before, e.before()) || !sameJson(after, e.after()) || !Objects.equals(ip, e.ip())) {
                    events += dao.redactEvent(e.id(), actor, entityId, before, after, ip);
                }
            }
            changed.put("auditEvents", events);
            int sheets = 0;
            for (AnonymisationDao.Snapshot t : dao.filedTimesheets(s.id(), pattern)) {
                String redacted = redactor.timesheet(t.snapshot(), s.id(), code, name);
                if (!sameJson(redacted, t.snapshot())) {
                    sheets += dao.replaceSnapshot(t.id(), redacted);
                }
            }
            changed.put("filedTimesheets", sheets);

            changed.put("correctionReasons", dao.removeCorrectionReasons(s.id(), REMOVED));
            changed.put("leaveReasons", dao.removeLeaveReasons(s.id()));
            changed.put("leaveDecisionComments", dao.removeDecisionComments(s.id()));
            changed.put("leaveDocuments", dao.deleteLeaveDocuments(s.id()));
            changed.put("entitlementReasons", dao.removeLedgerReasons(s.id(), REMOVED));
            changed.put("punchResolutionNotes", dao.removeResolutionNotes(s.id()));
            changed.put("rosterReasons", dao.removeRosterReasons(s.id(), REMOVED) + dao.removeRevocationReasons(s.id()));
            int mentions = 0;
            for (Redactor.Identifier id : redactor.identifiers()) {
                String one = Redactor.sqlPattern(id);
                for (String[] m : MENTIONS) {
                    mentions += m[2].equals("json") ? dao.replaceInJson(m[0], m[1], one, id.replacement())
                            : dao.replaceInText(m[0], m[1], one, id.replacement());
                }
            }
            changed.put("mentions", mentions);
            changed.put("reportDays", dao.forgetReportDays(pattern));

            int sessions = 0;
            for (AnonymisationDao.Account a : accounts) {
                dao.anonymiseAccount(a.id(), usernames.get(a.username()), "!anonymised", now);
                sessions += dao.endSessions(a.id(), now);
                dao.forgetLoginAttempts(a.username());
                dao.forgetLoginThrottle(a.username());
                dao.forgetAcknowledgementAddresses(a.id());
            }
            changed.put("accounts", accounts.size());
            changed.put("sessions", sessions);
            dao.anonymiseStaff(s.id(), code, name, now);
            audit.record(h, caller, "staff.anonymise", "staff", s.id(), null, Map.of("code", code,
                    "endOfServiceDate", s.endOfServiceDate().toString(), "anonymiseAfterMonths", months, "changed", changed));
            return new Result(s.id(), code, name, now, changed);
        });
    }

    private LocalDate today(AnonymisationDao.Subject s) {
        return LocalDate.now(clock.withZone(ZoneId.of(s.timeZone())));
    }

    private boolean sameJson(String a, String b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        try {
            return json.readTree(a).equals(json.readTree(b));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code base}, or {@code base-2}, {@code base-3}... when it is taken. */
    private static String free(AnonymisationDao dao, String base, java.util.function.Predicate<String> taken) {
        String candidate = base;
        for (int n = 2; taken.test(candidate); n++) {
            candidate = base + "-" + n;
        }
        return candidate;
    }

    private static Map<String, Object> mapOf(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value == null ? null : value.toString());
        return m;
    }
}
