package vn.onduty.server.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The joined measures of finished days, stored (table quality_day, migration 0068) so that a month's
 * report computes only the days whose inputs changed, usually just today. Every input of the measures
 * writes a "touch" through a trigger; a stored day counts while every touch of it is visible in the
 * snapshot taken before its inputs were read. So the rule for a caller is: take {@link #snapshot()},
 * then read the inputs, then {@link #store} what they gave under that snapshot.
 */
public final class JoinedDays {

    /**
     * The layout and the rules of a stored day. Change it whenever {@link JoinedMeasures}' records or rules
     * change: days stored under another number are computed again.
     */
    public static final int FORMAT = 2;

    private static final Logger LOG = LoggerFactory.getLogger(JoinedDays.class);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    private final Jdbi jdbi;
    private final Clock clock;
    private final ObjectMapper json = Jackson.newObjectMapper();
    private final AtomicReference<Instant> lastPrune = new AtomicReference<>(Instant.EPOCH);

    public JoinedDays(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The stored days of a site from {@code from} to {@code to} that are still valid. */
    public Map<LocalDate, JoinedMeasures.Result> valid(long siteId, LocalDate from, LocalDate to) {
        Map<LocalDate, JoinedMeasures.Result> days = new HashMap<>();
        for (Dao.Stored s : jdbi.withExtension(Dao.class, dao -> dao.valid(siteId, from, to, FORMAT))) {
            try {
                days.put(s.day(), json.readValue(s.result(), JoinedMeasures.Result.class));
            } catch (JsonProcessingException e) {
                // Computed again and overwritten below; a stored day is only ever a copy.
                LOG.warn("Stored joined measures of site {} on {} do not read ({}); computing them again", siteId, s.day(),
                        e.getOriginalMessage());
            }
        }
        return days;
    }

    /** The database's snapshot now: take it before reading the inputs of the days to store. */
    public String snapshot() {
        return jdbi.withExtension(Dao.class, Dao::snapshot);
    }

    /** Keeps a finished day's measures, computed from inputs read after {@code snapshot} was taken. */
    public void store(long siteId, List<JoinedMeasures.Result> days, List<LocalDate> dates, String snapshot) {
        if (days.isEmpty()) {
            return;
        }
        String[] results = new String[days.size()];
        for (int i = 0; i < results.length; i++) {
            try {
                results[i] = json.writeValueAsString(days.get(i));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Joined measures do not write as JSON", e);
            }
        }
        String[] isoDates = dates.stream().map(LocalDate::toString).toArray(String[]::new);
        jdbi.useExtension(Dao.class, dao -> dao.store(siteId, isoDates, results, FORMAT, snapshot));
        pruneNowAndThen();
    }

    /** Drops stale days and old touches, at most every ten minutes. */
    void pruneNowAndThen() {
        Instant now = clock.instant();
        Instant last = lastPrune.get();
        if (now.isBefore(last.plus(PRUNE_EVERY)) || !lastPrune.compareAndSet(last, now)) {
            return;
        }
        prune();
    }

    /** Drops the stored days some touch has made stale, then the touches older than an hour. */
    public void prune() {
        jdbi.useTransaction(h -> {
            Dao dao = h.attach(Dao.class);
            dao.deleteStale();
            dao.deleteOldTouches();
        });
    }

    @RegisterConstructorMapper(Dao.Stored.class)
    interface Dao {

        record Stored(LocalDate day, String result) {}

        @SqlQuery("""
                select q.day, q.result::text as result
                  from quality_day q
                 where q.site_id = :siteId and q.day between :from and :to and q.format = :format
                   and not exists (select 1 from quality_touch t
                                    where (t.site_id = q.site_id or t.site_id is null) and t.days @> q.day
                                      and not pg_visible_in_snapshot(t.xid, q.snapshot))
                """)
        List<Stored> valid(@Bind("siteId") long siteId, @Bind("from") LocalDate from, @Bind("to") LocalDate to,
                           @Bind("format") int format);

        @SqlQuery("select pg_current_snapshot()::text")
        String snapshot();

        @SqlUpdate("""
                insert into quality_day (site_id, day, format, snapshot, result)
                select :siteId, d.day, :format, cast(:snapshot as pg_snapshot), cast(d.result as jsonb)
                  from unnest(cast(:days as date[]), cast(:results as text[])) as d(day, result)
                on conflict (site_id, day) do update
                   set format = excluded.format, snapshot = excluded.snapshot, result = excluded.result,
                       computed_at = now()
                """)
        void store(@Bind("siteId") long siteId, @Bind("days") String[] days, @Bind("results") String[] results,
                   @Bind("format") int format, @Bind("snapshot") String snapshot);

        @SqlUpdate("""
                delete from quality_day q
                 where q.format <> :format
                    or exists (select 1 from quality_touch t
                                where (t.site_id = q.site_id or t.site_id is null) and t.days @> q.day
                                  and not pg_visible_in_snapshot(t.xid, q.snapshot))
                """)
        int deleteStale(@Bind("format") int format);

        default int deleteStale() {
            return deleteStale(FORMAT);
        }

        @SqlUpdate("delete from quality_touch where touched_at < now() - interval '1 hour'")
        int deleteOldTouches();
    }
}
