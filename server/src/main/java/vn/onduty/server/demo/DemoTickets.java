package vn.onduty.server.demo;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jdbi.v3.core.Handle;
import vn.onduty.server.org.counter.Counter;
import vn.onduty.server.quality.TicketDao;

/**
 * GENERATED DEMO DATA, not observations: a month of queue tickets at the demo's main site, so every
 * service-quality chart has data on the first start. Working days (Mon–Fri) from the first of last
 * month up to now: citizens take numbers for the services of the site's counters through both sessions
 * (more in the morning), each counter calls its queue one by one, served by the officer the roster puts
 * there (the substitute where there is a substitution); a few do not show up, most rate the service on
 * 5 stars. Today's tickets stop at now, and those not called yet are the live queue. Source "demo".
 */
final class DemoTickets {

    private record Arrival(Instant issued, Counter counter, String service) {}

    private DemoTickets() {}

    static int seed(Handle h, long siteId, List<Counter> counters, long templateId, ZoneId zone, Clock clock, Random random) {
        Map<Long, Long> officerOf = new HashMap<>();
        h.createQuery("""
                select counter_id, staff_id from roster_template_slot
                 where template_id = :t and weekday = 1 and part = 'MORNING'
                """).bind("t", templateId).map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
                .forEach(e -> officerOf.put(e.getKey(), e.getValue()));
        Map<String, Long> substitutes = new HashMap<>();
        h.createQuery("select counter_id, work_date, part, staff_id from roster_change where kind = 'SUBSTITUTION'")
                .map((rs, ctx) -> Map.entry(rs.getLong(1) + "/" + rs.getDate(2).toLocalDate() + "/" + rs.getString(3),
                        rs.getLong(4)))
                .forEach(e -> substitutes.put(e.getKey(), e.getValue()));
        Instant now = clock.instant();
        LocalDate today = LocalDate.now(clock.withZone(zone));
        List<String> dates = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        List<String> services = new ArrayList<>();
        List<Long> counterIds = new ArrayList<>();
        List<Long> staffIds = new ArrayList<>();
        List<String> issued = new ArrayList<>();
        List<String> called = new ArrayList<>();
        List<String> started = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        List<Integer> ratings = new ArrayList<>();
        List<String> scales = new ArrayList<>();
        for (LocalDate day = today.withDayOfMonth(1).minusMonths(1); !day.isAfter(today); day = day.plusDays(1)) {
            if (day.getDayOfWeek().getValue() > DayOfWeek.FRIDAY.getValue()) {
                continue;
            }
            List<Arrival> arrivals = new ArrayList<>();
            for (Counter c : counters) {
                int morning = 6 + random.nextInt(8);
                int afternoon = 3 + random.nextInt(6);
                for (int i = 0; i < morning + afternoon; i++) {
                    LocalTime t = i < morning ? LocalTime.of(7, 25).plusMinutes(random.nextInt(225))
                            : LocalTime.of(13, 25).plusMinutes(random.nextInt(190));
                    String service = c.services().isEmpty() ? null : c.services().get(random.nextInt(c.services().size()));
                    arrivals.add(new Arrival(day.atTime(t).atZone(zone).toInstant(), c, service));
                }
            }
            arrivals.sort((a, b) -> a.issued().compareTo(b.issued()));
            Map<Long, Instant> freeAt = new HashMap<>();
            int n = 0;
            for (Arrival a : arrivals) {
                if (a.issued().isAfter(now)) {
                    break;
                }
                n++;
                LocalTime local = a.issued().atZone(zone).toLocalTime();
                String part = local.isBefore(LocalTime.of(12, 0)) ? "MORNING" : "AFTERNOON";
                Instant sessionStart = day.atTime(part.equals("MORNING") ? LocalTime.of(7, 30) : LocalTime.of(13, 30))
                        .atZone(zone).toInstant();
                Instant free = freeAt.getOrDefault(a.counter().id(), sessionStart);
                if (free.isBefore(sessionStart)) {
                    free = sessionStart;
                }
                Instant call = (a.issued().isAfter(free) ? a.issued() : free).plusSeconds(30 + random.nextInt(150));
                Instant end = call.plusSeconds(60L * (5 + random.nextInt(11)));
                boolean noShow = random.nextInt(100) < 4;
                dates.add(day.toString());
                numbers.add((part.equals("MORNING") ? "A" : "B") + String.format("%03d", a.counter().number())
                        + String.format("%03d", n));
                services.add(a.service());
                issued.add(a.issued().toString());
                if (call.isAfter(now)) {
                    // Still waiting: the live queue of today.
                    counterIds.add(null);
                    staffIds.add(null);
                    called.add(null);
                    started.add(null);
                    ended.add(null);
                    outcomes.add(null);
                    ratings.add(null);
                    scales.add(null);
                    continue;
                }
                Long officer = substitutes.getOrDefault(a.counter().id() + "/" + day + "/" + part, officerOf.get(a.counter().id()));
                counterIds.add(a.counter().id());
                staffIds.add(officer);
                called.add(call.toString());
                boolean finished = !noShow && !end.isAfter(now);
                started.add(noShow ? null : call.toString());
                ended.add(finished ? end.toString() : null);
                outcomes.add(noShow ? "NO_SHOW" : finished ? "SERVED" : null);
                boolean rated = finished && random.nextInt(100) < 70;
                int stars = random.nextInt(100) < 82 ? 4 + random.nextInt(2) : 1 + random.nextInt(3);
                ratings.add(rated ? stars : null);
                scales.add(rated ? "STARS5" : null);
                freeAt.put(a.counter().id(), noShow ? call.plusSeconds(60) : end);
            }
        }
        if (dates.isEmpty()) {
            return 0;
        }
        return h.attach(TicketDao.class).upsert(siteId, "demo", dates.toArray(String[]::new), numbers.toArray(String[]::new),
                services.toArray(String[]::new), counterIds.toArray(Long[]::new), staffIds.toArray(Long[]::new),
                issued.toArray(String[]::new), called.toArray(String[]::new), started.toArray(String[]::new),
                ended.toArray(String[]::new), outcomes.toArray(String[]::new), ratings.toArray(Integer[]::new),
                scales.toArray(String[]::new)).size();
    }
}
