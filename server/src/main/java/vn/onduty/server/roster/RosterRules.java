package vn.onduty.server.roster;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.SessionPart;

/**
 * The roster's rules, without a database: which template version is in force on a date, the
 * effective roster of a date (template overlaid with the date's changes, only for the sessions the
 * working calendar has), double bookings (within a site, and against other sites' rosters), and a
 * counter's session at a moment.
 */
public final class RosterRules {

    /** Templates cover Monday to Saturday; Sunday is never a template day (a swapped Sunday takes day changes). */
    public static final Set<DayOfWeek> TEMPLATE_DAYS = Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);

    /** One officer on more than one counter of one site in the same session of a date. */
    public record Clash(LocalDate date, SessionPart part, Officer officer, List<CounterRef> counters) {

        /** "CB0012 Nguyễn Thị Lan would be on counter 3 (…) and counter 5 (…) in the MORNING of 2027-03-01". */
        public String describe() {
            return officer.label() + " would be on " + String.join(" and ", counters.stream().map(CounterRef::label).toList())
                    + " in the " + part + " session of " + date;
        }

        /** The clash as a refusal names it, its counters at this site. */
        public DoubleBooking at(long siteId, String siteName) {
            return new DoubleBooking(officer, date, null, part,
                    counters.stream().map(c -> DoubleBooking.Place.of(siteId, siteName, c)).toList());
        }
    }

    /** An officer in one session of one date: what one person can fill only once, at whichever site. */
    public record Seat(long staffId, LocalDate date, SessionPart part) {}

    private RosterRules() {}

    /**
     * The version in force on a date: the latest {@code validFrom} among those covering it, the latest
     * created (highest id) on a tie.
     */
    public static Optional<TemplateVersion> versionOn(List<TemplateVersion> versions, LocalDate date) {
        return versions.stream().filter(v -> v.covers(date))
                .max(Comparator.comparing(TemplateVersion::validFrom).thenComparingLong(TemplateVersion::id));
    }

    /**
     * The effective roster of one date.
     *
     * @param day the site's calendar that date: its sessions decide which parts exist
     * @param counters the site's counters, in the order to show them
     * @param versions the site's template versions (any that may cover the date)
     * @param changes changes of the site (any dates; other dates and revoked ones are ignored); among
     *     those of one counter and session, the latest (highest id) is in force
     */
    public static RosterDay day(CalendarDay day, List<CounterRef> counters, List<TemplateVersion> versions,
                                List<RosterChange> changes) {
        LocalDate date = day.date();
        List<RosterDay.Session> sessions = day.sessions().stream()
                .map(s -> new RosterDay.Session(s.part(), s.start(), s.end())).toList();
        Map<TemplateVersion.Slot, Officer> template = TEMPLATE_DAYS.contains(date.getDayOfWeek())
                ? versionOn(versions, date).map(TemplateVersion::slots).orElse(Map.of()) : Map.of();
        Map<String, RosterChange> latest = new HashMap<>();
        for (RosterChange c : changes) {
            if (!c.revoked() && c.date().equals(date)) {
                latest.merge(c.counterId() + "/" + c.part(), c, (a, b) -> a.id() >= b.id() ? a : b);
            }
        }
        List<Assignment> out = new ArrayList<>();
        for (CounterRef counter : counters) {
            for (RosterDay.Session s : sessions) {
                RosterChange change = latest.get(counter.id() + "/" + s.part());
                if (change != null) {
                    out.add(new Assignment(date, s.part(), counter.id(), counter.number(), counter.name(),
                            change.officer(), change.kind() == ChangeKind.SUBSTITUTION ? Source.SUBSTITUTION : Source.CHANGE,
                            change.kind() == ChangeKind.CLOSED, change.replaced(), change.reason(), change.id(),
                            change.leave()));
                    continue;
                }
                Officer officer = template.get(new TemplateVersion.Slot(counter.id(), date.getDayOfWeek(), s.part()));
                out.add(new Assignment(date, s.part(), counter.id(), counter.number(), counter.name(), officer,
                        officer == null ? null : Source.TEMPLATE, false, null, null, null, null));
            }
        }
        return new RosterDay(day.siteId(), date, day.type(), sessions, out);
    }

    /** Officers on more than one counter in one session of the day, in session then counter order. */
    public static List<Clash> clashes(RosterDay day, List<CounterRef> counters) {
        Map<Long, CounterRef> byId = new HashMap<>();
        counters.forEach(c -> byId.put(c.id(), c));
        Map<String, List<Assignment>> byOfficer = new TreeMap<>();
        for (Assignment a : day.assignments()) {
            if (a.officer() != null) {
                byOfficer.computeIfAbsent(a.part().ordinal() + "/" + a.officer().id(), k -> new ArrayList<>()).add(a);
            }
        }
        List<Clash> out = new ArrayList<>();
        for (List<Assignment> same : byOfficer.values()) {
            if (same.size() > 1) {
                Assignment first = same.get(0);
                out.add(new Clash(day.date(), first.part(), first.officer(),
                        same.stream().map(a -> byId.get(a.counterId())).toList()));
            }
        }
        return out;
    }

    /** The clashes in {@code after} that were not in {@code before}: what a change would cause. */
    public static List<Clash> newClashes(List<Clash> before, List<Clash> after) {
        Set<String> known = new LinkedHashSet<>();
        before.forEach(c -> known.add(key(c)));
        return after.stream().filter(c -> !known.contains(key(c))).toList();
    }

    private static String key(Clash c) {
        return c.date() + "/" + c.part() + "/" + c.officer().id() + "/"
                + c.counters().stream().map(CounterRef::id).sorted().toList();
    }

    /**
     * The assignments of one site's roster of a date that put an officer where another site's roster has them
     * ({@code elsewhere}: the other sites' counters by officer, date and session), in session then counter order.
     */
    public static List<DoubleBooking> againstOtherSites(long siteId, String siteName, RosterDay day,
                                                        Map<Seat, DoubleBooking.Place> elsewhere) {
        List<DoubleBooking> out = new ArrayList<>();
        if (elsewhere.isEmpty()) {
            return out;
        }
        day.assignments().stream()
                .filter(a -> a.officer() != null)
                .sorted(Comparator.comparing(Assignment::part).thenComparingInt(Assignment::counterNumber))
                .forEach(a -> {
                    DoubleBooking.Place there = elsewhere.get(new Seat(a.officer().id(), day.date(), a.part()));
                    if (there != null && there.siteId() != siteId) {
                        out.add(new DoubleBooking(a.officer(), day.date(), null, a.part(), List.of(
                                new DoubleBooking.Place(siteId, siteName, a.counterId(), a.counterNumber(), a.counterName()),
                                there)));
                    }
                });
        return out;
    }

    /** The double bookings in {@code after} that were not in {@code before}: what a change would cause. */
    public static List<DoubleBooking> newBookings(List<DoubleBooking> before, List<DoubleBooking> after) {
        Set<String> known = new LinkedHashSet<>();
        before.forEach(b -> known.add(b.describe()));
        return after.stream().filter(b -> !known.contains(b.describe())).toList();
    }

    /**
     * Double bookings inside a template: one officer on two counters in the same session of a weekday.
     * Slots are given in the order of the request, so the message names them as the client sent them.
     */
    public static List<DoubleBooking> templateClashes(long siteId, String siteName, Map<TemplateVersion.Slot, Officer> slots,
                                                      Map<Long, CounterRef> counters) {
        Map<String, List<TemplateVersion.Slot>> byOfficer = new LinkedHashMap<>();
        Map<String, Officer> officers = new HashMap<>();
        slots.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<TemplateVersion.Slot, Officer> e) -> e.getKey().weekday())
                        .thenComparing(e -> e.getKey().part())
                        .thenComparing(e -> counters.get(e.getKey().counterId()).number()))
                .forEach(e -> {
                    String k = e.getKey().weekday() + " " + e.getKey().part() + "/" + e.getValue().id();
                    byOfficer.computeIfAbsent(k, x -> new ArrayList<>()).add(e.getKey());
                    officers.put(k, e.getValue());
                });
        List<DoubleBooking> out = new ArrayList<>();
        byOfficer.forEach((k, list) -> {
            if (list.size() > 1) {
                TemplateVersion.Slot s = list.get(0);
                out.add(new DoubleBooking(officers.get(k), null, s.weekday(), s.part(), list.stream()
                        .map(x -> DoubleBooking.Place.of(siteId, siteName, counters.get(x.counterId()))).toList()));
            }
        });
        return out;
    }

    /**
     * Each counter at a moment of the day: the session going on, else the next one, with its assignment.
     * A session is going on from its start (included) to its end (excluded).
     */
    public static List<CounterNow> at(RosterDay day, List<CounterRef> counters, LocalTime time) {
        Optional<RosterDay.Session> current = day.sessions().stream()
                .filter(s -> !time.isBefore(s.start()) && time.isBefore(s.end())).findFirst();
        Optional<RosterDay.Session> next = day.sessions().stream().filter(s -> s.start().isAfter(time))
                .min(Comparator.comparing(RosterDay.Session::start));
        Optional<RosterDay.Session> chosen = current.or(() -> next);
        CounterNow.State state = current.isPresent() ? CounterNow.State.CURRENT
                : next.isPresent() ? CounterNow.State.NEXT
                : day.sessions().isEmpty() ? CounterNow.State.NO_SESSION : CounterNow.State.OVER;
        List<CounterNow> out = new ArrayList<>();
        for (CounterRef c : counters) {
            if (chosen.isEmpty()) {
                out.add(new CounterNow(c.id(), c.number(), c.name(), state, null, null, null, null, null, false, null, null));
                continue;
            }
            RosterDay.Session s = chosen.get();
            Assignment a = day.at(c.id(), s.part()).orElseThrow();
            out.add(new CounterNow(c.id(), c.number(), c.name(), state, s.part(), s.start(), s.end(), a.officer(),
                    a.source(), a.closed(), a.substituted(), a.reason()));
        }
        return out;
    }
}
