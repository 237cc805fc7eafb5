package vn.onduty.server.privacy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.occupancy.OccupancyInterval;
import vn.onduty.server.roster.Assignment;
import vn.onduty.server.roster.RosterDay;

/**
 * An officer's presence at counters: the occupancy intervals of each counter the roster put them at, cut to the
 * sessions they were rostered there. Outside those sessions a counter's presence is somebody else's (or nobody's).
 */
final class Presence {

    /** A session the officer staffed a counter in. */
    record Window(LocalDate date, SessionPart part, long counterId, int counterNumber, String counterName,
                  Instant start, Instant end) {}

    /** Part of a window in one state, as the archive lists it. */
    record Row(LocalDate date, SessionPart part, long counterId, int counterNumber, String counterName, long cameraId,
               String state, String reason, Instant from, Instant to) {}

    private Presence() {}

    /** The sessions of these roster days in which {@code staffId} staffed a counter (not closed). */
    static List<Window> windows(List<RosterDay> days, long staffId, ZoneId zone) {
        List<Window> out = new ArrayList<>();
        for (RosterDay day : days) {
            for (Assignment a : day.assignments()) {
                if (a.closed() || a.officer() == null || a.officer().id() != staffId) {
                    continue;
                }
                day.sessions().stream().filter(s -> s.part() == a.part()).findFirst().ifPresent(s -> out.add(new Window(
                        day.date(), a.part(), a.counterId(), a.counterNumber(), a.counterName(),
                        day.date().atTime(s.start()).atZone(zone).toInstant(),
                        day.date().atTime(s.end()).atZone(zone).toInstant())));
            }
        }
        return out;
    }

    /**
     * The intervals of each window's counter clipped to the window; intervals still open end at {@code now}. A zone's
     * intervals never overlap, so each window finds its first one by binary search: a year of sessions against a
     * year of intervals costs a few thousand lookups, not their product.
     */
    static List<Row> rows(List<Window> windows, Map<Long, List<OccupancyInterval>> intervalsByCounter, Instant now) {
        Map<Long, List<List<OccupancyInterval>>> zonesByCounter = new LinkedHashMap<>();
        intervalsByCounter.forEach((counter, intervals) -> {
            Map<Long, List<OccupancyInterval>> byZone = new LinkedHashMap<>();
            intervals.forEach(i -> byZone.computeIfAbsent(i.zoneId(), z -> new ArrayList<>()).add(i));
            byZone.values().forEach(l -> l.sort(Comparator.comparing(OccupancyInterval::start)));
            zonesByCounter.put(counter, new ArrayList<>(byZone.values()));
        });
        List<Row> out = new ArrayList<>();
        for (Window w : windows) {
            for (List<OccupancyInterval> zone : zonesByCounter.getOrDefault(w.counterId(), List.of())) {
                for (int k = firstAtOrBefore(zone, w.start()); k < zone.size() && zone.get(k).start().isBefore(w.end()); k++) {
                    OccupancyInterval i = zone.get(k);
                    Instant end = i.end() == null ? now : i.end();
                    Instant from = i.start().isAfter(w.start()) ? i.start() : w.start();
                    Instant to = end.isBefore(w.end()) ? end : w.end();
                    if (from.isBefore(to)) {
                        out.add(new Row(w.date(), w.part(), w.counterId(), w.counterNumber(), w.counterName(),
                                i.cameraId(), i.state(), i.reason(), from, to));
                    }
                }
            }
        }
        out.sort(Comparator.comparing(Row::from).thenComparingLong(Row::cameraId));
        return out;
    }

    /** The index of the last interval starting at or before {@code at} (0 when none does). */
    private static int firstAtOrBefore(List<OccupancyInterval> zone, Instant at) {
        int lo = 0;
        int hi = zone.size() - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (!zone.get(mid).start().isAfter(at)) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The windows grouped by counter, with the span each counter's intervals must cover. */
    static Map<Long, Instant[]> spans(List<Window> windows) {
        Map<Long, Instant[]> out = new LinkedHashMap<>();
        for (Window w : windows) {
            out.merge(w.counterId(), new Instant[] {w.start(), w.end()}, (a, b) -> new Instant[] {
                    a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
        }
        return out;
    }
}
