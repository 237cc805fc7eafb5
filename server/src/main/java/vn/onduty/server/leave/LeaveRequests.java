package vn.onduty.server.leave;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.util.PSQLException;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.leave.LeaveRequest.Status;
import vn.onduty.server.leave.LeaveRequest.Step;
import vn.onduty.server.leave.LeaveRequest.StepKind;
import vn.onduty.server.leave.LeaveTransitions.Action;
import vn.onduty.server.leave.LeaveTransitions.Next;

/**
 * Leave requests from the officer's side: what a request would count before it is made (preview), making it (its
 * working days on the officer's calendar, charged to each year's balance, with an optional attachment), cancelling
 * it, and reading requests as the caller may see them. An officer requests and cancels their own, an admin for anyone.
 */
public final class LeaveRequests {

    /** Largest attachment accepted, decoded. */
    public static final int MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
    static final Set<String> ATTACHMENT_TYPES = Set.of("application/pdf", "image/jpeg", "image/png");

    /**
     * What a request would count, before it is made: for the form's live count. balance is that of the first year
     * charged; years has each year the request is charged to, with its part of the days and that year's balance.
     */
    public record Preview(BigDecimal days, Balance balance, List<YearShare> years, String problem) {}

    /** The days a request charges to one year and that year's balance before it (null for a type with none). */
    public record YearShare(int year, BigDecimal days, Balance balance) {}

    public record CancelInput(String reason) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final WorkingCalendar calendar;
    private final LeaveLedger ledger;
    private final LeaveAccess access;
    private final LeaveCoverage coverage;
    private final LeaveFollowUp followUp;
    private final ObjectMapper json;
    private final Clock clock;

    public LeaveRequests(Jdbi jdbi, AuditLog audit, WorkingCalendar calendar, LeaveLedger ledger, LeaveAccess access,
                         LeaveCoverage coverage, LeaveFollowUp followUp, ObjectMapper json, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.calendar = calendar;
        this.ledger = ledger;
        this.access = access;
        this.coverage = coverage;
        this.followUp = followUp;
        this.json = json;
        this.clock = clock;
    }

    /** years: the request's working days per calendar year, each charged to that year's balance. */
    private record Checked(LeaveDao.StaffRow staff, LeaveType type, SessionPart startPart, SessionPart endPart,
                           BigDecimal days, List<LeaveRules.YearDays> years, byte[] attachment) {}

    /** The working days and balance a request would have; problems come back as text rather than failures. */
    public Preview preview(LeaveRequestInput in, Caller caller) {
        try {
            Checked c = check(in, caller);
            List<YearShare> shares = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (LeaveRules.YearDays y : c.years()) {
                Balance b = null;
                if (c.type().tracked()) {
                    ledger.ensureAllocations(c.staff(), y.year());
                    b = jdbi.withExtension(LeaveDao.class, dao -> ledger.balance(dao, c.staff().id(), c.type(), y.year(),
                            asOf(c.staff(), in.startDate(), y.year())));
                    shortfall(b, y, c).ifPresent(problems::add);
                }
                shares.add(new YearShare(y.year(), y.days(), b));
            }
            return new Preview(c.days(), shares.get(0).balance(), shares, problems.isEmpty() ? null : String.join("; ", problems));
        } catch (InvalidInputException e) {
            return new Preview(null, null, List.of(), String.join("; ", e.details()));
        }
    }

    /** The day a year's balance is judged on for a request: carry-over expired by then is gone. */
    private LocalDate asOf(LeaveDao.StaffRow staff, LocalDate start, int year) {
        LocalDate first = later(start, LocalDate.of(year, 1, 1));
        return later(staff.today(clock), first);
    }

    /** What is missing from a year's balance for the request's part of that year, if anything. */
    private static Optional<String> shortfall(Balance b, LeaveRules.YearDays part, Checked c) {
        if (b.remaining().compareTo(part.days()) >= 0) {
            return Optional.empty();
        }
        return Optional.of("Not enough balance: " + b.remaining() + " day(s) left of " + c.type().code() + " in "
                + part.year() + ", the request counts " + part.days()
                + (c.years().size() > 1 ? " there (of " + c.days() + " in all)" : ""));
    }

    public LeaveRequest request(LeaveRequestInput in, Caller caller) {
        Checked c = check(in, caller);
        long userId = caller.userId().orElseThrow(() -> new ForbiddenException("Only a person may request leave"));
        c.years().forEach(y -> ledger.ensureAllocations(c.staff(), y.year()));
        LeaveDao.StaffRow staff = c.staff();
        LeaveType type = c.type();
        LeaveRequest made = jdbi.inTransaction(h -> {
            // One officer's requests are made one at a time, so two at once cannot both spend the last days.
            LeaveDao dao = h.attach(LeaveDao.class);
            dao.lockStaff(staff.id());
            String warning = null;
            if (type.tracked()) {
                // Each year's part against that year's balance: the block or warning is per year.
                List<String> shortfalls = new ArrayList<>();
                for (LeaveRules.YearDays y : c.years()) {
                    Balance b = ledger.balance(dao, staff.id(), type, y.year(), asOf(staff, in.startDate(), y.year()));
                    shortfall(b, y, c).ifPresent(shortfalls::add);
                }
                if (!shortfalls.isEmpty() && type.balanceRule() == LeaveType.BalanceRule.BLOCK) {
                    throw new InvalidInputException("Not enough leave balance", shortfalls);
                }
                warning = shortfalls.isEmpty() ? null : String.join("; ", shortfalls);
            }
            List<Step> steps = chainFor(dao, staff);
            long id;
            try {
                id = dao.insertRequest(staff.id(), type.id(), in.startDate(), c.startPart(), in.endDate(), c.endPart(),
                        LeaveRules.slot(in.startDate(), c.startPart()), LeaveRules.slot(in.endDate(), c.endPart()),
                        c.days(), Text.clean(in.reason()), write(steps), warning, userId, clock.instant());
            } catch (UnableToExecuteStatementException e) {
                throw overlapOr(e, staff.id(), in.startDate(), in.endDate());
            }
            for (LeaveRules.YearDays y : c.years()) {
                dao.insertRequestYear(id, y.year(), y.days());
            }
            if (type.limitRule() != null) {
                dao.setBirth(id, in.childBirthDate(), type.limitRule() == LeaveType.LimitRule.PATERNITY
                        ? (in.children() == null ? 1 : in.children()) : null,
                        type.limitRule() == LeaveType.LimitRule.PATERNITY ? Boolean.TRUE.equals(in.surgery()) : null);
                // Checked again under the officer's lock: two requests at once cannot both spend the last days.
                BigDecimal total = dao.daysForChild(staff.id(), type.id(), in.childBirthDate(), null);
                int most = type.limitRule() == LeaveType.LimitRule.PATERNITY
                        ? LeaveRules.paternityDays(in.children() == null ? 1 : in.children(), Boolean.TRUE.equals(in.surgery()))
                        : Integer.MAX_VALUE;
                if (total.compareTo(BigDecimal.valueOf(most)) > 0) {
                    throw InvalidInputException.field("endDate", "paternity leave for this birth is at most " + most
                            + " working days; requests made at the same time went over it");
                }
            }
            if (c.attachment() != null) {
                dao.insertAttachment(id, Text.clean(in.attachment().fileName()), in.attachment().contentType().strip(),
                        c.attachment());
            }
            LeaveRequest r = access.read(dao, id);
            audit.record(h, caller, "leave_request.create", "leave_request", id, null, r.auditSummary());
            return r;
        });
        followUp.requested(made);
        return made;
    }

    private Checked check(LeaveRequestInput in, Caller caller) {
        List<String> problems = new ArrayList<>();
        Long staffId = in.staffId() != null ? in.staffId() : caller.staffId();
        if (staffId == null) {
            problems.add("staffId is required: this account is not linked to an officer");
        }
        if (in.leaveTypeId() == null) {
            problems.add("leaveTypeId is required");
        }
        if (in.startDate() == null) {
            problems.add("startDate is required, e.g. 2026-12-01");
        }
        if (in.endDate() == null) {
            problems.add("endDate is required, e.g. 2026-12-03");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid leave request", problems);
        }
        if (!caller.isAdmin() && !staffId.equals(caller.staffId())) {
            throw new ForbiddenException("An officer requests leave for themselves only; an administrator may for anyone");
        }
        LeaveDao.StaffRow staff = jdbi.withExtension(LeaveDao.class, dao -> dao.staff(staffId))
                .orElseThrow(() -> InvalidInputException.field("staffId", "is not a staff member: " + staffId));
        LeaveType type = jdbi.withExtension(LeaveDao.class, dao -> dao.type(in.leaveTypeId()))
                .filter(LeaveType::active)
                .orElseThrow(() -> InvalidInputException.field("leaveTypeId", "is not an active leave type: " + in.leaveTypeId()));
        SessionPart startPart = in.startPartOrDefault();
        SessionPart endPart = in.endPartOrDefault();
        if (in.endDate().isBefore(in.startDate())) {
            problems.add("endDate must not be before startDate (" + in.startDate() + ")");
        } else if (in.endDate().equals(in.startDate()) && startPart == SessionPart.AFTERNOON && endPart == SessionPart.MORNING) {
            problems.add("endPart must not be before startPart on the same day");
        } else if (in.endDate().isAfter(in.startDate().plusYears(1))) {
            problems.add("endDate must be within a year of startDate (" + in.startDate() + ")");
        }
        if (!type.halfDaysAllowed() && (startPart == SessionPart.AFTERNOON || endPart == SessionPart.MORNING)) {
            problems.add("startPart/endPart: " + type.code() + " is taken in whole days only");
        }
        byte[] attachment = null;
        if (in.attachment() != null) {
            attachment = decode(in.attachment(), problems);
        } else if (type.documentRequired()) {
            problems.add("attachment is required for " + type.code() + " (a certificate or note, PDF, JPEG or PNG)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid leave request", problems);
        }
        List<LeaveRules.YearDays> years = type.countsCalendarDays()
                ? LeaveRules.calendarDaysByYear(in.startDate(), startPart, in.endDate(), endPart)
                : LeaveRules.workingDaysByYear(calendar.days(staff.homeSiteId(), in.startDate(), in.endDate()),
                        in.startDate(), startPart, in.endDate(), endPart);
        BigDecimal count = years.stream().map(LeaveRules.YearDays::days).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(1);
        if (count.signum() == 0) {
            throw InvalidInputException.field("endDate", "the request covers no working day (weekends and holidays do not count)");
        }
        if (type.limitRule() != null) {
            limits(type, staff, in, years, count);
        }
        if (type.maxDays() != null && count.compareTo(type.maxDays()) > 0) {
            throw InvalidInputException.field("endDate", "the request counts " + count + " working days; " + type.code()
                    + " allows at most " + type.maxDays().stripTrailingZeros().toPlainString() + " per request");
        }
        return new Checked(staff, type, startPart, endPart, count, years, attachment);
    }

    /**
     * The limits the law sets on paternity leave and leave for a sick child, against the officer's other live
     * requests for the same child (known by its date of birth).
     */
    private void limits(LeaveType type, LeaveDao.StaffRow staff, LeaveRequestInput in, List<LeaveRules.YearDays> years,
                        BigDecimal count) {
        LocalDate born = in.childBirthDate();
        if (born == null) {
            throw InvalidInputException.field("childBirthDate", "is required for " + type.code() + ": the child's date of birth");
        }
        if (in.startDate().isBefore(born)) {
            throw InvalidInputException.field("startDate", "must not be before the child's birth (" + born + ")");
        }
        if (type.limitRule() == LeaveType.LimitRule.PATERNITY) {
            int children = in.children() == null ? 1 : in.children();
            boolean surgery = Boolean.TRUE.equals(in.surgery());
            int window = type.eventWindowDays() == null ? 60 : type.eventWindowDays();
            // SI Law 2014, Art. 34(2); Law 41/2024/QH15: taken within 60 days of the birth (the last start inside it).
            if (!in.startDate().isBefore(born.plusDays(window))) {
                throw InvalidInputException.field("startDate", "paternity leave must begin within " + window
                        + " days of the birth (" + born + "), by " + born.plusDays(window - 1));
            }
            int most = LeaveRules.paternityDays(children, surgery);
            BigDecimal already = jdbi.withExtension(LeaveDao.class, dao -> dao.daysForChild(staff.id(), type.id(), born, null));
            if (already.add(count).compareTo(BigDecimal.valueOf(most)) > 0) {
                throw InvalidInputException.field("endDate", "paternity leave for this birth (" + children + " child"
                        + (children > 1 ? "ren" : "") + (surgery ? ", by caesarean or before 32 weeks" : "") + ") is at most "
                        + most + " working days; " + already.stripTrailingZeros().toPlainString()
                        + " already requested, this request counts " + count.stripTrailingZeros().toPlainString());
            }
            return;
        }
        int most = LeaveRules.childSickDays(born, in.startDate());
        if (most == 0) {
            throw InvalidInputException.field("childBirthDate", "leave for a sick child is for a child under 7 (born "
                    + born + ")");
        }
        for (LeaveRules.YearDays y : years) {
            BigDecimal already = jdbi.withExtension(LeaveDao.class, dao -> dao.daysForChild(staff.id(), type.id(), born, y.year()));
            if (already.add(y.days()).compareTo(BigDecimal.valueOf(most)) > 0) {
                throw InvalidInputException.field("endDate", "leave for this sick child is at most " + most
                        + " working days in " + y.year() + " (the child is " + (most == 20 ? "under 3" : "3 to under 7")
                        + "); " + already.stripTrailingZeros().toPlainString() + " already requested, this request counts "
                        + y.days().stripTrailingZeros().toPlainString());
            }
        }
    }

    private static byte[] decode(LeaveRequestInput.Attachment a, List<String> problems) {
        String type = a.contentType() == null ? null : a.contentType().strip().toLowerCase(Locale.ROOT);
        if (type == null || !ATTACHMENT_TYPES.contains(type)) {
            problems.add("attachment.contentType must be application/pdf, image/jpeg or image/png, got '" + a.contentType() + "'");
            return null;
        }
        if (Text.clean(a.fileName()) == null) {
            problems.add("attachment.fileName is required");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(a.base64() == null ? "" : a.base64());
        } catch (IllegalArgumentException e) {
            problems.add("attachment.base64 is not base64");
            return null;
        }
        if (bytes.length == 0) {
            problems.add("attachment is empty");
        } else if (bytes.length > MAX_ATTACHMENT_BYTES) {
            problems.add("attachment is " + bytes.length + " bytes; at most " + MAX_ATTACHMENT_BYTES + " (2 MB)");
        } else if (!looksLike(type, bytes)) {
            problems.add("attachment is not a " + type + " file (its content does not match)");
        }
        return bytes;
    }

    /** The first bytes of the format: a file named .pdf that is not one is refused. */
    static boolean looksLike(String type, byte[] b) {
        return switch (type) {
            case "application/pdf" -> b.length >= 5 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F' && b[4] == '-';
            case "image/png" -> b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
            case "image/jpeg" -> b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
            default -> false;
        };
    }

    private static RuntimeException overlapOr(UnableToExecuteStatementException e, long staffId, LocalDate from, LocalDate to) {
        if (e.getCause() instanceof PSQLException p && "23P01".equals(p.getSQLState())) {
            return new ConflictException("Leave overlaps another request of this officer between " + from + " and " + to
                    + ": cancel that one first or choose other days");
        }
        return e;
    }

    /** The chain that applies to the officer now, kept with the request: a later change of the chain does not move it. */
    private static List<Step> chainFor(LeaveDao dao, LeaveDao.StaffRow staff) {
        List<LeaveDao.ChainStepRow> rows = dao.chainFor(staff.homeSiteId(), staff.departmentId());
        if (rows.isEmpty()) {
            return List.of(new Step(1, StepKind.SUPERVISORS, null, null));
        }
        return rows.stream().map(LeaveDao.ChainStepRow::step).toList();
    }

    /** One request with its chain and decisions, if the caller may see it. */
    public Optional<LeaveRequest> find(long id, Caller caller) {
        return access.find(id, caller);
    }

    public Page<LeaveRequest> list(Long staffId, Status status, LocalDate from, LocalDate to, PageRequest page,
                                   Caller caller) {
        AccessPolicy.StaffScope scope = access.staffScope(caller);
        String s = status == null ? null : status.name();
        return jdbi.withHandle(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            return new Page<>(dao.requests(scope, staffId, s, from, to, page.size(), page.offset()).stream()
                    .map(access::toRequest).toList(), page.page(), page.size(),
                    dao.countRequests(scope, staffId, s, from, to));
        });
    }

    public LeaveDao.AttachmentRow attachment(long id, Caller caller) {
        LeaveRequest r = find(id, caller).orElseThrow(() -> new NotFoundException("No leave request " + id));
        LeaveDao.AttachmentRow a = jdbi.withExtension(LeaveDao.class, dao -> dao.attachment(id))
                .orElseThrow(() -> new NotFoundException("Leave request " + id + " has no attachment"));
        audit.exported(caller, "leave_attachment", "request=" + id, "#" + id + " · " + a.fileName(), List.of(r.staffId()));
        return a;
    }

    /**
     * Cancels a request: at once while pending, or approved leave before it begins (an admin, at any time); once
     * begun, the officer asks with a reason and an approver of the last step decides.
     */
    public LeaveRequest cancel(long id, CancelInput in, Caller caller) {
        long userId = caller.userId().orElseThrow(() -> new ForbiddenException("Only a person cancels leave"));
        String reason = Text.clean(in == null ? null : in.reason());
        LeaveRequest before = find(id, caller).orElseThrow(() -> new NotFoundException("No leave request " + id));
        if (!caller.isAdmin() && !before.staffIdEquals(caller.staffId())) {
            throw new ForbiddenException("Only the officer (or an administrator) cancels a leave request");
        }
        LeaveRequest after = jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            dao.lockRequest(id);
            LeaveRequest r = access.read(dao, id);
            // Leave that has begun is not taken back at once, but asked for (an admin's cancellation is at once).
            boolean begun = !dao.staff(r.staffId()).orElseThrow().today(clock).isBefore(r.startDate()) && !caller.isAdmin();
            Next next = LeaveTransitions.next(r.status(), Action.CANCEL, r.currentStep(), r.lastStep().position(), begun)
                    .orRefuse(id);
            if (next.status() == Status.CANCEL_REQUESTED && reason == null) {
                throw InvalidInputException.field("reason", "is required to cancel leave that has begun");
            }
            if (next.withdrawsLeave()) {
                access.requireUnlocked(h, caller, r);
                coverage.withdrawSubstitutions(h, caller, r);
            }
            dao.insertDecision(id, next.decisionStep(), next.decision(), userId, null, reason, clock.instant());
            dao.setStatus(id, next.status(), next.currentStep(), clock.instant());
            LeaveRequest a = access.read(dao, id);
            audit.record(h, caller, "leave_request.cancel", "leave_request", id, r.auditSummary(), a.auditSummary());
            return a;
        });
        followUp.changed(before, after);
        return after;
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
