package vn.onduty.server.occupancy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * How a counter was covered during opening hours: seconds occupied, empty and unknown within the
 * given sessions, and the longest stretch it stood empty inside one session. Where several zones (in
 * several cameras) watch one counter, any zone seeing the seat occupied makes it occupied, else any
 * seeing it empty makes it empty; time no zone knows about is unknown.
 */
public final class Coverage {

    /** An opening session, or the part of one that has passed. */
    public record Window(Instant start, Instant end) {}

    /** The longest empty stretch within one session. */
    public record Spell(Instant start, Instant end, double minutes) {}

    public record Result(long openingSeconds, long occupiedSeconds, long emptySeconds, long unknownSeconds,
                         Spell longestEmpty) {}

    private Coverage() {}

    public static Result of(List<Window> sessions, List<OccupancyInterval> intervals) {
        long opening = 0;
        long occupied = 0;
        long empty = 0;
        Instant bestStart = null;
        Instant bestEnd = null;
        for (Window w : sessions) {
            if (!w.end().isAfter(w.start())) {
                continue;
            }
            opening += seconds(w.start(), w.end());
            TreeSet<Instant> cuts = new TreeSet<>(List.of(w.start(), w.end()));
            for (OccupancyInterval i : intervals) {
                if (i.start().isAfter(w.start()) && i.start().isBefore(w.end())) {
                    cuts.add(i.start());
                }
                if (i.end() != null && i.end().isAfter(w.start()) && i.end().isBefore(w.end())) {
                    cuts.add(i.end());
                }
            }
            List<Instant> points = new ArrayList<>(cuts);
            Instant runStart = null;
            for (int k = 0; k + 1 < points.size(); k++) {
                Instant a = points.get(k);
                Instant b = points.get(k + 1);
                String state = stateAt(intervals, a);
                long s = seconds(a, b);
                if (state.equals("occupied")) {
                    occupied += s;
                } else if (state.equals("empty")) {
                    empty += s;
                }
                if (state.equals("empty")) {
                    runStart = runStart == null ? a : runStart;
                    if (bestStart == null || Duration.between(runStart, b).compareTo(Duration.between(bestStart, bestEnd)) > 0) {
                        bestStart = runStart;
                        bestEnd = b;
                    }
                } else {
                    runStart = null;
                }
            }
        }
        Spell longest = bestStart == null ? null
                : new Spell(bestStart, bestEnd, minutes(seconds(bestStart, bestEnd)));
        return new Result(opening, occupied, empty, opening - occupied - empty, longest);
    }

    /** What the counter was at {@code t}: the zones' states combined. */
    static String stateAt(List<OccupancyInterval> intervals, Instant t) {
        boolean empty = false;
        for (OccupancyInterval i : intervals) {
            if (!i.start().isAfter(t) && (i.end() == null || i.end().isAfter(t))) {
                if (i.state().equals("occupied")) {
                    return "occupied";
                }
                empty |= i.state().equals("empty");
            }
        }
        return empty ? "empty" : "unknown";
    }

    /** Minutes to one decimal, as the pages and the API show them. */
    public static double minutes(long seconds) {
        return Math.round(seconds / 6.0) / 10.0;
    }

    private static long seconds(Instant a, Instant b) {
        return Duration.between(a, b).toSeconds();
    }
}
