package vn.onduty.server.occupancy;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.org.counter.Counter;
import vn.onduty.server.org.counter.CounterDao;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteDao;

/**
 * Reads counter presence: intervals of a counter over a range, coverage of opening hours per counter
 * and day, and the live board. Supervisors of the site and admins may read it. The methods without a
 * caller are for other services (joining queue tickets to presence), which check access themselves.
 */
public final class OccupancyService {

    /** The longest range one question may cover. */
    public static final int MAX_DAYS = 93;

    /** One counter's coverage on one day; minutes to one decimal; percent of opening minutes occupied. */
    public record CounterCoverage(long counterId, int counterNumber, String counterName, LocalDate date,
                                  double openingMinutes, double occupiedMinutes, double emptyMinutes,
                                  double unknownMinutes, Double coveragePercent, Coverage.Spell longestEmpty) {}

    public record SiteCoverage(long siteId, LocalDate date, List<CounterCoverage> counters) {}

    /** A counter on the live board: its state now and since when; reason says why it is unknown. */
    public record BoardEntry(long counterId, int counterNumber, String counterName, String state, String reason,
                             Instant since, List<String> cameras) {}

    private final Jdbi jdbi;
    private final AccessPolicy policy;
    private final WorkingCalendar calendar;
    private final Clock clock;
    private final Duration silentAfter;

    public OccupancyService(Jdbi jdbi, AccessPolicy policy, WorkingCalendar calendar, Clock clock, Duration silentAfter) {
        this.jdbi = jdbi;
        this.policy = policy;
        this.calendar = calendar;
        this.clock = clock;
        this.silentAfter = silentAfter;
    }

    /** A counter's intervals overlapping [from, to), clipped to it; an interval still open ends null. */
    public List<OccupancyInterval> intervals(long counterId, Instant from, Instant to, Caller caller) {
        Counter counter = counter(counterId);
        requireLeads(caller, counter.siteId());
        checkRange(from, to);
        return intervals(List.of(counterId), from, to);
    }

    /** Several counters' intervals overlapping [from, to), clipped to it (no access check). */
    public List<OccupancyInterval> intervals(List<Long> counterIds, Instant from, Instant to) {
        Instant now = clock.instant();
        return jdbi.withExtension(OccupancyDao.class, dao -> dao.intervals(counterIds.toArray(Long[]::new), from, to))
                .stream()
                .map(i -> new OccupancyInterval(i.id(), i.zoneId(), i.counterId(), i.cameraId(), i.state(), i.reason(),
                        i.start().isBefore(from) ? from : i.start(),
                        i.end() == null ? (to.isAfter(now) ? null : to) : i.end().isAfter(to) ? to : i.end()))
                .toList();
    }

    public SiteCoverage coverage(long siteId, LocalDate date, Caller caller) {
        return coverage(siteId, date, date, caller).get(0);
    }

    /** Coverage of every watched counter of the site, for each day from {@code from} to {@code to}. */
    public List<SiteCoverage> coverage(long siteId, LocalDate from, LocalDate to, Caller caller) {
        site(siteId);
        requireLeads(caller, siteId);
        return coverage(siteId, from, to);
    }

    /** {@link #coverage(long, LocalDate, LocalDate, Caller)} without the access check, for other services. */
    public List<SiteCoverage> coverage(long siteId, LocalDate from, LocalDate to) {
        if (from == null || to == null) {
            throw InvalidInputException.field(from == null ? "date" : "to", "is required, e.g. 2026-11-26");
        }
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw InvalidInputException.field("to", "must be from the first date to at most " + MAX_DAYS + " days after it");
        }
        Site site = site(siteId);
        ZoneId zone = ZoneId.of(site.timeZone());
        List<Counter> counters = jdbi.withHandle(h -> {
            CounterDao counterDao = h.attach(CounterDao.class);
            return h.attach(OccupancyDao.class).watchedCounters(siteId).stream()
                    .map(id -> counterDao.find(id).orElseThrow())
                    .sorted(Comparator.comparingInt(Counter::number))
                    .toList();
        });
        Instant rangeStart = from.atStartOfDay(zone).toInstant();
        Instant rangeEnd = to.plusDays(1).atStartOfDay(zone).toInstant();
        Map<Long, List<OccupancyInterval>> byCounter = counters.isEmpty() ? Map.of()
                : intervals(counters.stream().map(Counter::id).toList(), rangeStart, rangeEnd).stream()
                        .collect(Collectors.groupingBy(OccupancyInterval::counterId));
        Instant now = clock.instant();
        List<SiteCoverage> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            List<Coverage.Window> windows = windows(calendar.day(siteId, d), now);
            List<CounterCoverage> rows = new ArrayList<>();
            for (Counter c : counters) {
                Coverage.Result r = Coverage.of(windows, byCounter.getOrDefault(c.id(), List.of()));
                rows.add(new CounterCoverage(c.id(), c.number(), c.name(), d, Coverage.minutes(r.openingSeconds()),
                        Coverage.minutes(r.occupiedSeconds()), Coverage.minutes(r.emptySeconds()),
                        Coverage.minutes(r.unknownSeconds()),
                        r.openingSeconds() == 0 ? null : Math.round(r.occupiedSeconds() * 1000.0 / r.openingSeconds()) / 10.0,
                        r.longestEmpty()));
            }
            days.add(new SiteCoverage(siteId, d, rows));
        }
        return days;
    }

    /** The opening sessions of a day that have begun, cut at now. */
    public static List<Coverage.Window> windows(CalendarDay day, Instant now) {
        List<Coverage.Window> out = new ArrayList<>();
        for (CalendarDay.Session s : day.sessions()) {
            Instant start = day.at(s.start());
            Instant end = day.at(s.end());
            if (start.isBefore(now)) {
                out.add(new Coverage.Window(start, end.isAfter(now) ? now : end));
            }
        }
        return out;
    }

    /**
     * Every counter of the site with a zone, as it is now. A counter is unknown when no camera watching
     * it has been reported by its agent within the last minute (the agent is silent or the camera is
     * not running), whatever its last interval says.
     */
    public List<BoardEntry> board(long siteId, Caller caller) {
        site(siteId);
        requireLeads(caller, siteId);
        Instant silentBefore = clock.instant().minus(silentAfter);
        Map<Long, List<OccupancyDao.BoardRow>> byCounter = jdbi.withExtension(OccupancyDao.class, dao -> dao.board(siteId))
                .stream().collect(Collectors.groupingBy(OccupancyDao.BoardRow::counterId, LinkedHashMap::new, Collectors.toList()));
        List<BoardEntry> out = new ArrayList<>();
        for (List<OccupancyDao.BoardRow> zones : byCounter.values()) {
            BoardEntry best = null;
            for (OccupancyDao.BoardRow z : zones) {
                BoardEntry e;
                if (z.statusReceivedAt() == null || z.statusReceivedAt().isBefore(silentBefore)) {
                    e = entry(z, "unknown", "agent_silent", z.statusReceivedAt());
                } else if (z.state() == null) {
                    e = entry(z, "unknown", "no_data", null);
                } else {
                    e = entry(z, z.state(), z.reason(), z.since());
                }
                if (best == null || rank(e.state()) > rank(best.state())) {
                    best = e;
                }
            }
            List<String> cameras = zones.stream().map(OccupancyDao.BoardRow::cameraName).distinct().toList();
            out.add(new BoardEntry(best.counterId(), best.counterNumber(), best.counterName(), best.state(),
                    best.reason(), best.since(), cameras));
        }
        return out;
    }

    /** Whether the caller sees the site's counter presence: its supervisors and admins. */
    public boolean mayRead(Caller caller, long siteId) {
        return policy.leadsSite(caller, siteId);
    }

    public void requireLeads(Caller caller, long siteId) {
        if (!mayRead(caller, siteId)) {
            throw new ForbiddenException("Only the site's supervisors and administrators see its counter presence");
        }
    }

    public Site site(long siteId) {
        return jdbi.withExtension(SiteDao.class, dao -> dao.find(siteId))
                .orElseThrow(() -> new NotFoundException("No site " + siteId));
    }

    public Counter counter(long counterId) {
        return jdbi.withExtension(CounterDao.class, dao -> dao.find(counterId))
                .orElseThrow(() -> new NotFoundException("No counter " + counterId));
    }

    private static BoardEntry entry(OccupancyDao.BoardRow z, String state, String reason, Instant since) {
        return new BoardEntry(z.counterId(), z.counterNumber(), z.counterName(), state, reason, since, List.of());
    }

    private static int rank(String state) {
        return switch (state) {
            case "occupied" -> 2;
            case "empty" -> 1;
            default -> 0;
        };
    }

    private static void checkRange(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw InvalidInputException.field("to", "must be after from");
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw InvalidInputException.field("to", "must be at most " + MAX_DAYS + " days after from");
        }
    }
}
