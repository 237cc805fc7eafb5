package vn.onduty.server.roster;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.CalendarRuleException;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.org.counter.Counter;
import vn.onduty.server.org.counter.CounterDao;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteDao;

/**
 * The counter roster: weekly templates, day changes and substitutions, and the effective roster that
 * attendance, leave and reports read.
 *
 * <p>Whom a site may roster: its active officers, those whose home site it is. The counter's department
 * decides only the order in which pickers offer officers (its own first), never whether one may be
 * rostered: centers lend officers between counters every day.
 *
 * <p>One officer, one counter per session, across all sites: an officer whose home site changed may still be
 * on the old site's template, so every template, day change, substitution and revocation is checked against
 * the other sites' rosters too (409, naming the officer, the date, the session and the other site's counter).
 * A new template version is checked on every date it would be in force, as far as one year past the last date
 * at which any roster involved changes (after that every week repeats itself but for holidays), and refused
 * with the first date on which it would put an officer where another site already has them. Double bookings
 * stored before this check existed do not block changes that leave them as they are.
 *
 * <p>Who may do what: admins everything; supervisors change the roster of the sites in their scope;
 * reading a site's roster is for its supervisors, supervisors of departments (their officers may be
 * at any site) and the people whose home site it is. Writes to one site are serialised by locking
 * its row, and writes naming an officer by an advisory lock on the officer, so two supervisors (of one site or
 * two) cannot double-book one officer between them.
 */
public final class RosterService {

    /** The longest range {@code GET /api/roster/range} answers for. */
    public static final int MAX_API_DAYS = 31;
    /** The longest range other features may ask {@link #days} for at once. */
    public static final int MAX_DAYS = 366;
    /** The last date the working calendar knows. */
    private static final LocalDate LAST_CALENDAR_DAY = LocalDate.of(2199, 12, 31);

    /** Template versions, counters and changes of a site for a range of dates: three queries, whatever its length. */
    private record Window(List<CounterRef> counters, List<TemplateVersion> versions, List<RosterChange> changes) {}

    /** A site's template in force on a date (null if none), and every version it ever had, newest first. */
    public record TemplateView(long siteId, LocalDate date, RosterTemplate inForce, List<RosterDao.TemplateRow> versions) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final WorkingCalendar calendar;
    private final Clock clock;

    public RosterService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, WorkingCalendar calendar, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.calendar = calendar;
        this.clock = clock;
    }

    // ---- reading, for people ----

    public RosterDay day(long siteId, LocalDate date, Caller caller) {
        return range(siteId, date, date, caller).get(0);
    }

    public List<RosterDay> range(long siteId, LocalDate from, LocalDate to, Caller caller) {
        checkRange(from, to, MAX_API_DAYS);
        requireRead(siteId, caller);
        return days(siteId, from, to);
    }

    public TemplateView template(long siteId, LocalDate date, Caller caller) {
        requireRead(siteId, caller);
        return jdbi.withHandle(h -> {
            LocalDate on = date != null ? date : today(h, siteId);
            RosterDao dao = h.attach(RosterDao.class);
            Window w = new Window(dao.counters(siteId), versions(dao.slots(siteId, on, on)), List.of());
            RosterTemplate inForce = RosterRules.versionOn(w.versions(), on)
                    .map(v -> view(dao.template(v.id()).orElseThrow(), v, w.counters())).orElse(null);
            return new TemplateView(siteId, on, inForce, dao.templates(siteId));
        });
    }

    /** The officers a site may roster, those of {@code departmentId} first, then by name. */
    public List<RosterDao.Candidate> candidates(long siteId, Long departmentId, Caller caller) {
        requireRead(siteId, caller);
        List<RosterDao.Candidate> all = new ArrayList<>(jdbi.withExtension(RosterDao.class, d -> d.candidates(siteId)));
        all.sort(Comparator.comparing((RosterDao.Candidate c) -> departmentId == null || c.departmentId() != departmentId));
        return all;
    }

    /** Every change of one counter's session on a date, revoked ones included, oldest first. */
    public List<RosterChange> changes(long siteId, long counterId, LocalDate date, SessionPart part, Caller caller) {
        requireRead(siteId, caller);
        return jdbi.withExtension(RosterDao.class, d -> d.changes(siteId, date, date)).stream()
                .filter(c -> c.counterId() == counterId && c.part() == part).toList();
    }

    public Optional<RosterChange> change(long id, Caller caller) {
        Optional<RosterChange> c = jdbi.withExtension(RosterDao.class, d -> d.change(id));
        c.ifPresent(x -> requireRead(x.siteId(), caller));
        return c;
    }

    /** Whether the caller may change this site's roster: pages show the forms only then. */
    public boolean mayEdit(long siteId, Caller caller) {
        return policy.leadsSite(caller, siteId);
    }

    // ---- reading, for other features (no access check: the calling feature decides who sees what) ----

    /**
     * The effective roster of a site for each date from {@code from} to {@code to} (at most {@link #MAX_DAYS}):
     * three queries whatever the range, the calendar from {@link WorkingCalendar}'s cache.
     */
    public List<RosterDay> days(long siteId, LocalDate from, LocalDate to) {
        checkRange(from, to, MAX_DAYS);
        return jdbi.withHandle(h -> days(h, siteId, from, to));
    }

    /** {@link #days} inside the caller's transaction. */
    public List<RosterDay> days(Handle h, long siteId, LocalDate from, LocalDate to) {
        Window w = window(h, siteId, from, to);
        List<RosterDay> out = new ArrayList<>();
        for (CalendarDay d : calendar.days(siteId, from, to)) {
            out.add(RosterRules.day(d, w.counters(), w.versions(), w.changes()));
        }
        return out;
    }

    /** Where the roster puts an officer in a session of a date (at their home site), if anywhere. */
    public Optional<Assignment> rosteredAt(long staffId, LocalDate date, SessionPart part) {
        return jdbi.withHandle(h -> {
            Optional<Long> site = h.attach(RosterDao.class).homeSite(staffId);
            if (site.isEmpty()) {
                return Optional.<Assignment>empty();
            }
            return days(h, site.get(), date, date).get(0).assignments().stream()
                    .filter(a -> a.part() == part && a.officer() != null && a.officer().id() == staffId).findFirst();
        });
    }

    /**
     * Where sites other than {@code siteId} roster these officers from {@code from} to {@code to}, by officer, date and
     * session, inside the caller's transaction: who is not free for a counter of this site then.
     */
    public Map<RosterRules.Seat, DoubleBooking.Place> rosteredElsewhere(Handle h, long siteId, Collection<Long> staffIds,
                                                                        LocalDate from, LocalDate to) {
        if (staffIds.isEmpty()) {
            return Map.of();
        }
        Long[] ids = staffIds.stream().distinct().sorted().toArray(Long[]::new);
        return elsewhere(h, h.attach(RosterDao.class).sitesRostering(ids, siteId, from, to), List.of(ids), from, to);
    }

    /** The officers a site may roster whom another site's roster has in that session of that date. */
    public Set<Long> rosteredElsewhere(long siteId, LocalDate date, SessionPart part) {
        return jdbi.withHandle(h -> {
            List<Long> ids = h.attach(RosterDao.class).candidates(siteId).stream().map(RosterDao.Candidate::id).toList();
            Set<Long> busy = new HashSet<>();
            rosteredElsewhere(h, siteId, ids, date, date).keySet().stream().filter(k -> k.part() == part)
                    .forEach(k -> busy.add(k.staffId()));
            return busy;
        });
    }

    /** Each active counter of a site at a moment: its session going on or next today, with whom the roster puts there. */
    public List<CounterNow> now(long siteId, Instant now) {
        return jdbi.withHandle(h -> {
            Site site = h.attach(SiteDao.class).find(siteId).orElseThrow(() -> new NotFoundException("No site " + siteId));
            ZonedDateTime local = now.atZone(ZoneId.of(site.timeZone()));
            Window w = window(h, siteId, local.toLocalDate(), local.toLocalDate());
            RosterDay day = RosterRules.day(calendar.day(siteId, local.toLocalDate()), w.counters(), w.versions(), w.changes());
            return RosterRules.at(day, w.counters(), local.toLocalTime());
        });
    }

    // ---- changing ----

    /** Stores a new template version from {@code validFrom}; earlier dates keep the versions they had. */
    public RosterTemplate replaceTemplate(long siteId, TemplateInput in, Caller caller) {
        requireEdit(siteId, caller);
        RosterTemplate saved = jdbi.inTransaction(h -> {
            h.attach(SiteDao.class).lock(siteId).orElseThrow(() -> new NotFoundException("No site " + siteId));
            RosterDao dao = h.attach(RosterDao.class);
            LocalDate today = today(h, siteId);
            List<String> problems = new ArrayList<>();
            if (in.validFrom().isBefore(today)) {
                problems.add("validFrom must be today (" + today + ") or later: the past roster is kept; change past"
                        + " days with day changes");
            }
            if (in.validUntil() != null && in.validUntil().isBefore(in.validFrom())) {
                problems.add("validUntil must not be before validFrom (" + in.validFrom() + ")");
            }
            Map<Long, CounterRef> counters = new LinkedHashMap<>();
            dao.counters(siteId).forEach(c -> counters.put(c.id(), c));
            Map<Long, Officer> eligible = new HashMap<>();
            dao.candidates(siteId).forEach(c -> eligible.put(c.id(), c.officer()));
            Map<TemplateVersion.Slot, Officer> slots = new LinkedHashMap<>();
            Map<TemplateVersion.Slot, Integer> index = new HashMap<>();
            for (int i = 0; i < in.slots().size(); i++) {
                TemplateInput.Slot s = in.slots().get(i);
                String at = "slots[" + i + "]";
                boolean ok = true;
                if (!counters.containsKey(s.counterId())) {
                    problems.add(at + ".counterId " + s.counterId() + " is not an active counter of this site");
                    ok = false;
                }
                if (!RosterRules.TEMPLATE_DAYS.contains(s.weekday())) {
                    problems.add(at + ".weekday must be MONDAY to SATURDAY, not " + s.weekday());
                    ok = false;
                }
                if (!eligible.containsKey(s.staffId())) {
                    problems.add(at + ".staffId " + s.staffId() + " is not an active officer whose home site is this site");
                    ok = false;
                }
                if (!ok) {
                    continue;
                }
                TemplateVersion.Slot key = new TemplateVersion.Slot(s.counterId(), s.weekday(), s.part());
                Integer earlier = index.putIfAbsent(key, i);
                if (earlier != null) {
                    problems.add(at + " gives " + counters.get(s.counterId()).label() + " a second officer in the "
                            + s.part() + " session of " + s.weekday() + " (see slots[" + earlier + "])");
                    continue;
                }
                slots.put(key, eligible.get(s.staffId()));
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException("Invalid roster template", problems);
            }
            String siteName = siteName(h, siteId);
            List<DoubleBooking> clashes = RosterRules.templateClashes(siteId, siteName, slots, counters);
            if (!clashes.isEmpty()) {
                throw new RosterClashException(RosterClashException.Refused.TEMPLATE, clashes);
            }
            checkAgainstChanges(h, siteId, siteName, in, slots, List.copyOf(counters.values()));
            checkAgainstOtherSites(h, siteId, siteName, in, slots, List.copyOf(counters.values()));
            Instant at = clock.instant();
            long id = dao.insertTemplate(siteId, in.validFrom(), in.validUntil(), Text.clean(in.note()), at,
                    caller.userId().orElse(null));
            dao.insertSlots(id, slots.keySet().stream()
                    .map(k -> new RosterDao.NewSlot(k.counterId(), k.weekday().getValue(), k.part(), slots.get(k).id())).toList());
            RosterTemplate after = view(dao.template(id).orElseThrow(),
                    new TemplateVersion(id, in.validFrom(), in.validUntil(), slots), List.copyOf(counters.values()));
            audit.record(h, caller, "roster_template.create", "roster_template", id, null, after);
            return after;
        });
        return saved;
    }

    /** Adds a day change, audited. */
    public RosterChange addChange(ChangeInput in, Caller caller) {
        Counter counter = jdbi.withExtension(CounterDao.class, d -> d.find(in.counterId()))
                .orElseThrow(() -> InvalidInputException.field("counterId", in.counterId() + " is no counter"));
        requireEdit(counter.siteId(), caller);
        return jdbi.inTransaction(h -> {
            h.attach(SiteDao.class).lock(counter.siteId()).orElseThrow(() -> new NotFoundException("No site " + counter.siteId()));
            return addLocked(h, counter, in, caller, null);
        });
    }

    /** Withdraws a day change, audited: the session falls back to the previous change in force, else the template. */
    public RosterChange revoke(long changeId, RevokeInput in, Caller caller) {
        RosterChange found = jdbi.withExtension(RosterDao.class, d -> d.change(changeId))
                .orElseThrow(() -> new NotFoundException("No roster change " + changeId));
        requireEdit(found.siteId(), caller);
        return jdbi.inTransaction(h -> {
            h.attach(SiteDao.class).lock(found.siteId()).orElseThrow();
            return revokeLocked(h, changeId, Text.clean(in == null ? null : in.reason()), caller);
        });
    }

    /**
     * Revokes, inside the caller's transaction, every substitution still in force that was made for a leave request
     * (the leave was cancelled: nothing justifies them any more, and the officer is back at the counter). The calling
     * feature has decided the caller may do this; the roster's own rule still applies: a revocation that would
     * double-book the returning officer is refused, naming the session, and the caller's transaction with it.
     * Returns the changes as revoked.
     */
    public List<RosterChange> revokeLeaveSubstitutions(Handle h, Caller caller, long leaveRequestId, String reason) {
        List<RosterChange> linked = h.attach(RosterDao.class).leaveChanges(leaveRequestId);
        List<RosterChange> revoked = new ArrayList<>();
        linked.stream().map(RosterChange::siteId).distinct().sorted()
                .forEach(siteId -> h.attach(SiteDao.class).lock(siteId).orElseThrow());
        for (RosterChange c : linked) {
            revoked.add(revokeLocked(h, c.id(), reason, caller));
        }
        return revoked;
    }

    private RosterChange revokeLocked(Handle h, long changeId, String reason, Caller caller) {
        RosterDao dao = h.attach(RosterDao.class);
        RosterChange before = dao.change(changeId).orElseThrow();
        if (before.revoked()) {
            throw new ConflictException("Roster change " + changeId + " was already revoked at " + before.revokedAt());
        }
        Window w = window(h, before.siteId(), before.date(), before.date());
        CalendarDay d = calendar.day(before.siteId(), before.date());
        List<RosterChange> without = w.changes().stream().filter(c -> c.id() != changeId).toList();
        List<RosterRules.Clash> clashes = RosterRules.newClashes(
                RosterRules.clashes(RosterRules.day(d, w.counters(), w.versions(), w.changes()), w.counters()),
                RosterRules.clashes(RosterRules.day(d, w.counters(), w.versions(), without), w.counters()));
        String siteName = siteName(h, before.siteId());
        if (!clashes.isEmpty()) {
            throw new RosterClashException(RosterClashException.Refused.REVOKE,
                    clashes.stream().map(c -> c.at(before.siteId(), siteName)).toList());
        }
        // The officer the session falls back to may be on another site's counter then.
        RosterDay fallback = RosterRules.day(d, w.counters(), w.versions(), without);
        Officer back = fallback.at(before.counterId(), before.part()).map(Assignment::officer).orElse(null);
        if (back != null && !Long.valueOf(back.id()).equals(before.staffId())) {
            List<DoubleBooking> elsewhere = againstOtherSites(h, before.siteId(), siteName, fallback, back.id());
            if (!elsewhere.isEmpty()) {
                throw new RosterClashException(RosterClashException.Refused.REVOKE, elsewhere);
            }
        }
        dao.insertRevocation(changeId, reason, clock.instant(), caller.userId().orElse(null));
        RosterChange after = dao.change(changeId).orElseThrow();
        audit.record(h, caller, "roster_change.revoke", "roster_change", changeId, before, after);
        return after;
    }

    /**
     * Puts {@code substituteStaffId} in for {@code absentStaffId} at every counter where the roster has the
     * absent officer in that session of that date, inside the caller's transaction (leave approval). The
     * calling feature has decided the caller may do this; the roster's own rules still apply (the substitute
     * an active officer of the site, free in that session). Returns the changes made: none when the absent
     * officer is not rostered then. {@code leaveRequestId}, when given, is the approved leave of the absent officer
     * that the substitution covers: stored with it, shown instead of the reason, and revoked with the leave.
     */
    public List<RosterChange> assignSubstitute(Handle h, Caller caller, long absentStaffId, long substituteStaffId,
                                               LocalDate date, SessionPart part, String reason, Long leaveRequestId) {
        Long siteId = h.attach(RosterDao.class).homeSite(absentStaffId)
                .orElseThrow(() -> InvalidInputException.field("staffId", absentStaffId + " is no staff member"));
        h.attach(SiteDao.class).lock(siteId).orElseThrow();
        List<RosterChange> made = new ArrayList<>();
        for (Assignment a : days(h, siteId, date, date).get(0).assignments()) {
            if (a.part() == part && a.officer() != null && a.officer().id() == absentStaffId) {
                Counter counter = h.attach(CounterDao.class).find(a.counterId()).orElseThrow();
                made.add(addLocked(h, counter, new ChangeInput(counter.id(), date, part, ChangeKind.SUBSTITUTION,
                        substituteStaffId, absentStaffId, reason), caller, leaveRequestId));
            }
        }
        return made;
    }

    /** A substitution for no leave request ({@link #assignSubstitute(Handle, Caller, long, long, LocalDate, SessionPart,
     * String, Long)}) in a transaction of its own. */
    public List<RosterChange> assignSubstitute(Caller caller, long absentStaffId, long substituteStaffId, LocalDate date,
                                               SessionPart part, String reason) {
        return jdbi.inTransaction(h -> assignSubstitute(h, caller, absentStaffId, substituteStaffId, date, part, reason,
                null));
    }

    // ---- the rules of a change, with the site locked ----

    private RosterChange addLocked(Handle h, Counter counter, ChangeInput in, Caller caller, Long leaveRequestId) {
        long siteId = counter.siteId();
        List<String> problems = new ArrayList<>();
        if (!counter.active()) {
            problems.add("counterId " + counter.id() + " is a deactivated counter");
        }
        CalendarDay day = calendar.day(siteId, in.date());
        if (day.sessions().stream().noneMatch(s -> s.part() == in.part())) {
            problems.add("part: the site has no " + in.part() + " session on " + in.date() + " (" + day.type()
                    + (day.name() == null ? "" : ": " + day.name()) + ")");
        }
        String reason = Text.clean(in.reason());
        RosterDao dao = h.attach(RosterDao.class);
        Map<Long, Officer> eligible = new HashMap<>();
        dao.candidates(siteId).forEach(c -> eligible.put(c.id(), c.officer()));
        switch (in.kind()) {
            case CLOSED -> {
                if (in.staffId() != null) {
                    problems.add("staffId must be empty when the counter is CLOSED");
                }
                if (in.replacedStaffId() != null) {
                    problems.add("replacedStaffId must be empty when the counter is CLOSED");
                }
            }
            case ASSIGN, SUBSTITUTION -> {
                if (in.staffId() == null) {
                    problems.add("staffId is required for " + in.kind());
                } else if (!eligible.containsKey(in.staffId())) {
                    problems.add("staffId " + in.staffId() + " is not an active officer whose home site is this site");
                }
                if (in.kind() == ChangeKind.ASSIGN && in.replacedStaffId() != null) {
                    problems.add("replacedStaffId is only for a SUBSTITUTION");
                }
                if (in.kind() == ChangeKind.SUBSTITUTION && reason == null) {
                    problems.add("reason is required for a SUBSTITUTION (leave, training, official business)");
                }
            }
            default -> throw new IllegalStateException(in.kind().name());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid roster change", problems);
        }
        Window w = window(h, siteId, in.date(), in.date());
        RosterDay before = RosterRules.day(day, w.counters(), w.versions(), w.changes());
        Officer current = before.at(counter.id(), in.part()).map(Assignment::officer).orElse(null);
        Long replaced = null;
        if (in.kind() == ChangeKind.SUBSTITUTION) {
            if (current == null) {
                throw InvalidInputException.field("replacedStaffId", "nobody is rostered at " + CounterRef.of(counter).label()
                        + " in the " + in.part() + " session of " + in.date() + ": assign an officer (kind ASSIGN) instead");
            }
            if (in.replacedStaffId() != null && in.replacedStaffId() != current.id()) {
                throw InvalidInputException.field("replacedStaffId", in.replacedStaffId() + " is not the officer rostered at "
                        + CounterRef.of(counter).label() + " then; " + current.label() + " is");
            }
            if (current.id() == in.staffId()) {
                throw InvalidInputException.field("staffId", "is the officer already rostered there; choose someone else");
            }
            replaced = current.id();
        }
        Officer officer = in.staffId() == null ? null : eligible.get(in.staffId());
        RosterChange proposed = new RosterChange(Long.MAX_VALUE, siteId, counter.id(), in.date(), in.part(), in.kind(),
                officer == null ? null : officer.id(), officer == null ? null : officer.code(),
                officer == null ? null : officer.name(), replaced, null, null, reason, null, null, null, null, null,
                leaveRequestId, null, null, null);
        List<RosterChange> withIt = new ArrayList<>(w.changes());
        withIt.add(proposed);
        List<RosterRules.Clash> clashes = RosterRules.newClashes(RosterRules.clashes(before, w.counters()),
                RosterRules.clashes(RosterRules.day(day, w.counters(), w.versions(), withIt), w.counters()));
        String siteName = siteName(h, siteId);
        if (!clashes.isEmpty()) {
            throw new RosterClashException(RosterClashException.Refused.CHANGE,
                    clashes.stream().map(c -> c.at(siteId, siteName)).toList());
        }
        if (officer != null) {
            RosterDay after = RosterRules.day(day, w.counters(), w.versions(), withIt);
            List<DoubleBooking> elsewhere = againstOtherSites(h, siteId, siteName, after, officer.id()).stream()
                    .filter(b -> b.part() == in.part()).toList();
            if (!elsewhere.isEmpty()) {
                throw new RosterClashException(RosterClashException.Refused.CHANGE, elsewhere);
            }
        }
        long id = dao.insertChange(siteId, counter.id(), in.date(), in.part(), in.kind(), in.staffId(), replaced, reason,
                clock.instant(), caller.userId().orElse(null), leaveRequestId);
        RosterChange after = dao.change(id).orElseThrow();
        audit.record(h, caller, "roster_change.create", "roster_change", id, null, after);
        return after;
    }

    /** A new template must not double-book an officer whom a day change already put on another counter. */
    private void checkAgainstChanges(Handle h, long siteId, String siteName, TemplateInput in,
                                     Map<TemplateVersion.Slot, Officer> slots, List<CounterRef> counters) {
        RosterDao dao = h.attach(RosterDao.class);
        List<LocalDate> dates = dao.changedDates(siteId, in.validFrom(), in.validUntil());
        if (dates.isEmpty()) {
            return;
        }
        LocalDate first = dates.get(0);
        LocalDate last = dates.get(dates.size() - 1);
        Window w = window(h, siteId, first, last);
        List<TemplateVersion> withIt = new ArrayList<>(w.versions());
        withIt.add(new TemplateVersion(Long.MAX_VALUE, in.validFrom(), in.validUntil(), slots));
        List<DoubleBooking> found = new ArrayList<>();
        for (LocalDate date : dates) {
            CalendarDay d = calendar.day(siteId, date);
            List<RosterRules.Clash> clashes = RosterRules.newClashes(
                    RosterRules.clashes(RosterRules.day(d, counters, w.versions(), w.changes()), counters),
                    RosterRules.clashes(RosterRules.day(d, counters, withIt, w.changes()), counters));
            clashes.forEach(c -> found.add(c.at(siteId, siteName)));
        }
        if (!found.isEmpty()) {
            throw new RosterClashException(RosterClashException.Refused.TEMPLATE_AGAINST_CHANGES, found);
        }
    }

    /**
     * A new template must not put an officer on a counter in a session in which another site's roster has them:
     * refused with the clashes of the first date on which it would (see the class comment for how far it looks).
     */
    private void checkAgainstOtherSites(Handle h, long siteId, String siteName, TemplateInput in,
                                        Map<TemplateVersion.Slot, Officer> slots, List<CounterRef> counters) {
        Long[] ids = slots.values().stream().map(Officer::id).distinct().sorted().toArray(Long[]::new);
        if (ids.length == 0) {
            return;
        }
        RosterDao dao = h.attach(RosterDao.class);
        dao.lockOfficers(ids);
        LocalDate from = in.validFrom();
        LocalDate to = from.plusDays(WorkingCalendar.MAX_DAYS - 1);
        if (to.isAfter(LAST_CALENDAR_DAY)) {
            to = LAST_CALENDAR_DAY;
        }
        if (in.validUntil() != null && in.validUntil().isBefore(to)) {
            to = in.validUntil();
        }
        List<RosterDao.SiteRef> others = dao.sitesRostering(ids, siteId, from, to);
        if (others.isEmpty()) {
            return;
        }
        LocalDate last = dao.lastRosterChangeFrom(ids, siteId, from);
        LocalDate repeatsUntil = (last == null || last.isBefore(from) ? from : last).plusYears(1);
        if (repeatsUntil.isBefore(to)) {
            to = repeatsUntil;
        }
        Map<RosterRules.Seat, DoubleBooking.Place> elsewhere = elsewhere(h, others, List.of(ids), from, to);
        if (elsewhere.isEmpty()) {
            return;
        }
        Window w = window(h, siteId, from, to);
        List<TemplateVersion> withIt = new ArrayList<>(w.versions());
        withIt.add(new TemplateVersion(Long.MAX_VALUE, in.validFrom(), in.validUntil(), slots));
        for (CalendarDay d : calendar.days(siteId, from, to)) {
            List<DoubleBooking> found = RosterRules.newBookings(
                    RosterRules.againstOtherSites(siteId, siteName, RosterRules.day(d, counters, w.versions(), w.changes()),
                            elsewhere),
                    RosterRules.againstOtherSites(siteId, siteName, RosterRules.day(d, counters, withIt, w.changes()),
                            elsewhere));
            if (!found.isEmpty()) {
                throw new RosterClashException(RosterClashException.Refused.TEMPLATE_AGAINST_OTHER_SITES, found);
            }
        }
    }

    /**
     * The double bookings of one officer in a site's roster of a date against the other sites' rosters, after
     * waiting for any other transaction rostering the officer.
     */
    private List<DoubleBooking> againstOtherSites(Handle h, long siteId, String siteName, RosterDay day, long staffId) {
        RosterDao dao = h.attach(RosterDao.class);
        Long[] ids = {staffId};
        dao.lockOfficers(ids);
        Map<RosterRules.Seat, DoubleBooking.Place> elsewhere = elsewhere(h,
                dao.sitesRostering(ids, siteId, day.date(), day.date()), List.of(ids), day.date(), day.date());
        return RosterRules.againstOtherSites(siteId, siteName, day, elsewhere).stream()
                .filter(b -> b.officer().id() == staffId).toList();
    }

    /** Where these sites' rosters put these officers, by officer, date and session, from {@code from} to {@code to}. */
    private Map<RosterRules.Seat, DoubleBooking.Place> elsewhere(Handle h, List<RosterDao.SiteRef> sites,
                                                               Collection<Long> staffIds, LocalDate from, LocalDate to) {
        Set<Long> wanted = new HashSet<>(staffIds);
        Map<RosterRules.Seat, DoubleBooking.Place> out = new HashMap<>();
        for (RosterDao.SiteRef site : sites) {
            for (RosterDay d : days(h, site.id(), from, to)) {
                for (Assignment a : d.assignments()) {
                    if (a.officer() != null && wanted.contains(a.officer().id())) {
                        out.putIfAbsent(new RosterRules.Seat(a.officer().id(), d.date(), a.part()),
                                new DoubleBooking.Place(site.id(), site.name(), a.counterId(), a.counterNumber(),
                                        a.counterName()));
                    }
                }
            }
        }
        return out;
    }

    // ---- helpers ----

    private Window window(Handle h, long siteId, LocalDate from, LocalDate to) {
        RosterDao dao = h.attach(RosterDao.class);
        return new Window(dao.counters(siteId), versions(dao.slots(siteId, from, to)), dao.changes(siteId, from, to));
    }

    private static List<TemplateVersion> versions(List<RosterDao.SlotRow> rows) {
        Map<Long, List<RosterDao.SlotRow>> byVersion = new LinkedHashMap<>();
        rows.forEach(r -> byVersion.computeIfAbsent(r.templateId(), k -> new ArrayList<>()).add(r));
        List<TemplateVersion> out = new ArrayList<>();
        byVersion.forEach((id, list) -> {
            Map<TemplateVersion.Slot, Officer> slots = new HashMap<>();
            for (RosterDao.SlotRow r : list) {
                if (r.counterId() != null) {
                    slots.put(new TemplateVersion.Slot(r.counterId(), DayOfWeek.of(r.weekday()), r.part()),
                            new Officer(r.staffId(), r.staffCode(), r.staffName()));
                }
            }
            out.add(new TemplateVersion(id, list.get(0).validFrom(), list.get(0).validUntil(), slots));
        });
        return out;
    }

    private static RosterTemplate view(RosterDao.TemplateRow row, TemplateVersion v, List<CounterRef> counters) {
        Map<Long, CounterRef> byId = new HashMap<>();
        counters.forEach(c -> byId.put(c.id(), c));
        List<RosterTemplate.Slot> slots = v.slots().entrySet().stream()
                .filter(e -> byId.containsKey(e.getKey().counterId()))
                .map(e -> new RosterTemplate.Slot(e.getKey().counterId(), byId.get(e.getKey().counterId()).number(),
                        e.getKey().weekday(), e.getKey().part(), e.getValue()))
                .sorted(Comparator.comparingInt(RosterTemplate.Slot::counterNumber)
                        .thenComparing(RosterTemplate.Slot::weekday).thenComparing(RosterTemplate.Slot::part))
                .toList();
        return new RosterTemplate(row.id(), row.siteId(), row.validFrom(), row.validUntil(), row.note(), row.createdAt(),
                row.createdByUserId(), slots);
    }

    private static String siteName(Handle h, long siteId) {
        return h.attach(SiteDao.class).find(siteId).map(Site::name).orElseThrow(() -> new NotFoundException("No site " + siteId));
    }

    private LocalDate today(Handle h, long siteId) {
        Site site = h.attach(SiteDao.class).find(siteId).orElseThrow(() -> new NotFoundException("No site " + siteId));
        return LocalDate.now(clock.withZone(ZoneId.of(site.timeZone())));
    }

    /** The site's date today, for pages choosing a week. */
    public LocalDate today(long siteId) {
        return jdbi.withHandle(h -> today(h, siteId));
    }

    /** Admins, and whoever may choose the site: its supervisors, supervisors of its staff's departments, its officers. */
    private void requireRead(long siteId, Caller caller) {
        if (!policy.mayChooseSite(caller, siteId)) {
            throw new ForbiddenException("Only the site's supervisors and officers may read its roster");
        }
    }

    private void requireEdit(long siteId, Caller caller) {
        if (!policy.leadsSite(caller, siteId)) {
            throw new ForbiddenException("Only an administrator or a supervisor of this site may change its roster");
        }
    }

    private static void checkRange(LocalDate from, LocalDate to, int maxDays) {
        if (from == null || to == null) {
            throw CalendarRuleException.of(from == null ? "from" : "to", "required", "is required, e.g. 2026-02-01");
        }
        if (to.isBefore(from)) {
            throw CalendarRuleException.of("to", "beforeFrom", "must not be before from (" + from + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) >= maxDays) {
            throw CalendarRuleException.of("to", "rangeTooLong", "must be less than " + maxDays + " days after from");
        }
    }
}
