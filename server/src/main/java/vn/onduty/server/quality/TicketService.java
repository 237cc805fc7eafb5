package vn.onduty.server.quality;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteDao;

/**
 * Takes queue tickets in, from the queue system's REST calls and from uploaded files alike. A ticket is
 * one row per site, service day and number: a report of a ticket already stored is laid over it (what
 * the report leaves out stays), so the same batch or file sent twice changes nothing. A batch is
 * checked whole against the site (counters by number, officers by staff code, times in order, ratings
 * on their scale) and stored whole in one transaction, or refused naming each bad ticket.
 *
 * <p>Who may send: admins, for any site; a site's device agent, for its own site (the queue system's
 * computer usually sits beside it and can use its token).
 */
public final class TicketService {

    public static final int MAX_TICKETS = 1000;
    public static final int MAX_BYTES = 1 << 20;

    /** What a batch did: tickets new, changed, and sent again exactly as stored. */
    public record Stored(int received, int inserted, int updated, int unchanged) {
        Stored plus(Stored other) {
            return new Stored(received + other.received, inserted + other.inserted, updated + other.updated,
                    unchanged + other.unchanged);
        }
    }

    /** A ticket checked and resolved, ready to be written. */
    record Resolved(LocalDate serviceDate, String number, String service, Long counterId, Long staffId, Instant issuedAt,
                    Instant calledAt, Instant startedAt, Instant endedAt, String outcome, Integer rating,
                    String ratingScale) {}

    /** Checked tickets and the problems of the others, each named by its label. */
    record Checked(List<Resolved> tickets, Map<Integer, List<String>> problems) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;

    public TicketService(Jdbi jdbi, AuditLog audit, AccessPolicy policy) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
    }

    /** {@code POST /api/tickets}: the site is the agent's own, or the admin names it. */
    public Stored receive(Caller caller, JsonNode body) {
        Long siteId = body != null && body.path("siteId").canConvertToLong() && body.path("siteId").isIntegralNumber()
                ? body.path("siteId").longValue() : null;
        if (caller.isAgent()) {
            if (siteId != null && siteId.longValue() != caller.agentSiteId()) {
                throw new ForbiddenException("An agent sends tickets of its own site (" + caller.agentSiteId() + ") only");
            }
            siteId = caller.agentSiteId();
        } else {
            policy.requireAdmin(caller);
            if (siteId == null) {
                throw InvalidInputException.field("siteId", "is required: the site whose queue the tickets are from");
            }
        }
        TicketJson.Result parsed = TicketJson.read(body, MAX_TICKETS);
        if (!parsed.problems().isEmpty()) {
            throw new InvalidInputException("The batch was refused; nothing of it was stored", parsed.problems());
        }
        long site = siteId;
        String source = (caller.isAgent() ? "agent:" : "api:") + caller.name();
        return jdbi.inTransaction(h -> {
            Site s = h.attach(SiteDao.class).find(site).orElseThrow(() -> new NotFoundException("No site " + site));
            Checked checked = check(h, s, parsed.tickets(), i -> "tickets[" + i + "]");
            if (!checked.problems().isEmpty()) {
                List<String> all = new ArrayList<>();
                checked.problems().values().forEach(all::addAll);
                throw new InvalidInputException("The batch was refused; nothing of it was stored", all);
            }
            return store(h, caller, site, source, checked.tickets());
        });
    }

    /**
     * Checks tickets against the site and against what is stored of them, inside the caller's
     * transaction (stored ones are locked until it ends). Problems are keyed by the ticket's index.
     */
    Checked check(Handle h, Site site, List<TicketInput> input, IntFunction<String> label) {
        ZoneId zone = ZoneId.of(site.timeZone());
        TicketDao dao = h.attach(TicketDao.class);
        Map<Integer, List<String>> problems = new LinkedHashMap<>();
        // The key of each ticket: its service day, given or read from its issue time.
        List<LocalDate> days = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            TicketInput t = input.get(i);
            LocalDate d = t.serviceDate() != null ? t.serviceDate()
                    : t.issuedAt() != null ? t.issuedAt().atZone(zone).toLocalDate() : null;
            if (d == null) {
                problem(problems, i, label.apply(i) + ".serviceDate: is required when issuedAt is not given (to find the ticket)");
            }
            days.add(d);
        }
        Map<String, TicketInput> stored = new HashMap<>();
        String[] dates = days.stream().filter(d -> d != null).map(LocalDate::toString).toArray(String[]::new);
        String[] numbers = new String[dates.length];
        for (int i = 0, k = 0; i < input.size(); i++) {
            if (days.get(i) != null) {
                numbers[k++] = input.get(i).number();
            }
        }
        for (TicketDao.Stored s : dao.existing(site.id(), dates, numbers)) {
            stored.put(s.serviceDate() + "#" + s.number(), new TicketInput(s.number(), s.serviceDate(), s.service(),
                    s.counterNumber(), s.officerCode(), s.issuedAt(), s.calledAt(), s.startedAt(), s.endedAt(),
                    s.outcome() == null ? null : TicketInput.Outcome.valueOf(s.outcome()), s.rating(),
                    s.ratingScale() == null ? null : TicketInput.RatingScale.valueOf(s.ratingScale())));
        }
        Map<String, Long> counters = new HashMap<>();
        dao.counters(site.id()).forEach(r -> counters.put(r.key(), r.id()));
        Map<String, Long> staff = new HashMap<>();
        dao.staff(input.stream().map(TicketInput::officerCode).filter(c -> c != null).distinct().toArray(String[]::new))
                .forEach(r -> staff.put(r.key(), r.id()));
        // Later reports of one ticket in the same batch are laid over the earlier ones, in order.
        Map<String, Integer> lastIndex = new LinkedHashMap<>();
        Map<String, TicketInput> merged = new HashMap<>();
        for (int i = 0; i < input.size(); i++) {
            LocalDate d = days.get(i);
            if (d == null) {
                continue;
            }
            String key = d + "#" + input.get(i).number();
            TicketInput before = merged.containsKey(key) ? merged.get(key) : stored.get(key);
            TicketInput t = input.get(i).over(before);
            t = new TicketInput(t.number(), d, t.service(), t.counterNumber(), t.officerCode(), t.issuedAt(), t.calledAt(),
                    t.startedAt(), t.endedAt(), t.outcome(), t.rating(), t.ratingScale());
            merged.put(key, t);
            lastIndex.remove(key);
            lastIndex.put(key, i);
            String at = label.apply(i);
            List<String> p = rules(t, zone, at, input.get(i));
            if (t.counterNumber() != null && !counters.containsKey(String.valueOf(t.counterNumber()))) {
                p.add(at + ".counterNumber: the site has no counter " + t.counterNumber());
            }
            if (t.officerCode() != null && !staff.containsKey(t.officerCode())) {
                p.add(at + ".officerCode: no officer has the staff code " + t.officerCode());
            }
            for (String x : p) {
                problem(problems, i, x);
            }
        }
        List<Resolved> out = new ArrayList<>();
        if (problems.isEmpty()) {
            for (String key : lastIndex.keySet()) {
                TicketInput t = merged.get(key);
                out.add(new Resolved(t.serviceDate(), t.number(), t.service(),
                        t.counterNumber() == null ? null : counters.get(String.valueOf(t.counterNumber())),
                        t.officerCode() == null ? null : staff.get(t.officerCode()), t.issuedAt(), t.calledAt(),
                        t.startedAt(), t.endedAt(), t.outcome() == null ? null : t.outcome().name(), t.rating(),
                        t.ratingScale() == null ? null : t.ratingScale().name()));
            }
        }
        return new Checked(out, problems);
    }

    /** The rules one ticket (merged with what is stored) must keep. */
    private static List<String> rules(TicketInput t, ZoneId zone, String at, TicketInput reported) {
        List<String> p = new ArrayList<>();
        if (t.issuedAt() == null) {
            p.add(at + ".issuedAt: is required for a ticket not stored yet");
        } else {
            LocalDate local = t.issuedAt().atZone(zone).toLocalDate();
            if (!local.equals(t.serviceDate())) {
                p.add(at + ".issuedAt: " + t.issuedAt() + " is on " + local + " in the site's zone, not on the service day "
                        + t.serviceDate());
            }
            if (t.calledAt() != null && t.calledAt().isBefore(t.issuedAt())) {
                p.add(at + ".calledAt: must not be before issuedAt");
            }
            if (t.startedAt() != null && t.startedAt().isBefore(t.issuedAt())) {
                p.add(at + ".startedAt: must not be before issuedAt");
            }
            Instant from = t.startedAt() != null ? t.startedAt() : t.calledAt() != null ? t.calledAt() : t.issuedAt();
            if (t.endedAt() != null && t.endedAt().isBefore(from)) {
                p.add(at + ".endedAt: must not be before the service started (or the ticket was called or issued)");
            }
        }
        if (reported.rating() != null && reported.ratingScale() == null && t.ratingScale() == null) {
            p.add(at + ".ratingScale: is required with a rating: STARS5 or LEVELS3");
        } else if (t.rating() != null && t.ratingScale() != null
                && (t.rating() < 1 || t.rating() > t.ratingScale().max())) {
            p.add(at + ".rating: must be 1 to " + t.ratingScale().max() + " on the " + t.ratingScale() + " scale, not " + t.rating());
        }
        if (reported.rating() == null && reported.ratingScale() != null) {
            p.add(at + ".rating: is required with a ratingScale");
        }
        return p;
    }

    private static void problem(Map<Integer, List<String>> problems, int index, String text) {
        problems.computeIfAbsent(index, k -> new ArrayList<>()).add(text);
    }

    /** Writes checked tickets and audits the batch when it changed anything. */
    Stored store(Handle h, Caller caller, long siteId, String source, List<Resolved> tickets) {
        if (tickets.isEmpty()) {
            return new Stored(0, 0, 0, 0);
        }
        int n = tickets.size();
        String[] dates = new String[n];
        String[] numbers = new String[n];
        String[] services = new String[n];
        Long[] counters = new Long[n];
        Long[] staff = new Long[n];
        String[] issued = new String[n];
        String[] called = new String[n];
        String[] started = new String[n];
        String[] ended = new String[n];
        String[] outcomes = new String[n];
        Integer[] ratings = new Integer[n];
        String[] scales = new String[n];
        for (int i = 0; i < n; i++) {
            Resolved t = tickets.get(i);
            dates[i] = t.serviceDate().toString();
            numbers[i] = t.number();
            services[i] = t.service();
            counters[i] = t.counterId();
            staff[i] = t.staffId();
            issued[i] = text(t.issuedAt());
            called[i] = text(t.calledAt());
            started[i] = text(t.startedAt());
            ended[i] = text(t.endedAt());
            outcomes[i] = t.outcome();
            ratings[i] = t.rating();
            scales[i] = t.ratingScale();
        }
        List<Boolean> written = h.attach(TicketDao.class).upsert(siteId, source, dates, numbers, services, counters, staff,
                issued, called, started, ended, outcomes, ratings, scales);
        int inserted = (int) written.stream().filter(b -> b).count();
        Stored result = new Stored(n, inserted, written.size() - inserted, n - written.size());
        if (!written.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("source", source);
            details.put("inserted", result.inserted());
            details.put("updated", result.updated());
            details.put("unchanged", result.unchanged());
            audit.record(h, caller, "queue_ticket.batch", "queue_ticket_batch", siteId, null, details);
        }
        return result;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
