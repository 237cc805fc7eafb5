/*
 * Retention benchmark: does the nightly deletion hold up ingest?
 *
 *   ./onduty bench retention [oldEvents] [seconds]      (defaults 500000 old raw events, 20 s per phase)
 *
 * It starts an embedded PostgreSQL in a temp directory, migrates it, and fills agent_event with oldEvents raw
 * events of a year ago that nothing was made from (what the AGENT_EVENTS kind deletes). Then, for `seconds` each,
 * an ingest loop stores batches of 100 new punches through the server's own ingest SQL (IngestDao: events, then
 * punches, one transaction per batch, as POST /api/agent/events does), first alone, then while RetentionJob runs the
 * night's deletion with its defaults (batches of 5000 rows, 100 ms apart). It prints the latency of an ingest batch
 * (median, 95th percentile, worst) in both phases, and how many old events the job removed and how fast.
 * Run with: java -cp server/target/onduty-server.jar bench/RetentionBench.java
 */
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.ScopeDao;
import vn.onduty.server.db.EmbeddedPostgresServer;
import vn.onduty.server.db.ExclusiveJobs;
import vn.onduty.server.db.Migrator;
import vn.onduty.server.ingest.IngestDao;
import vn.onduty.server.retention.RetentionConfiguration;
import vn.onduty.server.retention.RetentionJob;
import vn.onduty.server.retention.RetentionService;
import vn.onduty.server.web.I18n;

public class RetentionBench {

    public static void main(String[] args) throws Exception {
        int oldEvents = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path dir = Files.createTempDirectory("onduty-retention-bench");
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0, "bench");
        try {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(pg.jdbcUrl());
            ds.setUser(pg.user());
            ds.setPassword(pg.password());
            Migrator.migrate(ds);
            Jdbi jdbi = Jdbi.create(ds).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
            long agent = jdbi.withHandle(h -> {
                long site = h.createQuery("insert into site (name) values ('Bench') returning id").mapTo(Long.class).one();
                long a = h.createQuery("""
                        insert into device_agent (site_id, name, token_hash, token_prefix)
                        values (:site, 'bench', decode(md5('bench'), 'hex'), 'agt_bench') returning id""")
                        .bind("site", site).mapTo(Long.class).one();
                h.execute("insert into sensor (agent_id, name) values (?, 'cua-chinh')", a);
                return a;
            });
            long t0 = System.nanoTime();
            jdbi.useHandle(h -> h.execute("""
                    insert into agent_event (agent_id, stream, seq, type, at, payload)
                    select ?, 'old', g, 'unrecognised_touch', now() - interval '400 days' + g * interval '1 second',
                           '{"sensor": "cua-chinh"}'
                      from generate_series(1, ?) g""", agent, oldEvents));
            jdbi.useHandle(h -> h.execute("vacuum analyze agent_event"));
            System.out.printf("filled %,d old raw events in %.1f s%n", oldEvents, (System.nanoTime() - t0) / 1e9);

            AtomicLong seq = new AtomicLong();
            List<Long> alone = ingest(jdbi, agent, seq, seconds, new AtomicBoolean(false));

            AuditLog audit = new AuditLog(jdbi, Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS),
                    Clock.systemUTC());
            RetentionService settings = new RetentionService(jdbi, audit, new AccessPolicy(jdbi.onDemand(ScopeDao.class)),
                    new I18n("vi"), Clock.systemUTC());
            RetentionJob job = new RetentionJob(jdbi, settings, audit, Jackson.newObjectMapper(), Clock.systemUTC(),
                    new RetentionConfiguration(), new ExclusiveJobs(
                            () -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())));
            AtomicBoolean deleting = new AtomicBoolean(true);
            long[] removed = {0};
            double[] took = {0};
            Thread night = new Thread(() -> {
                long start = System.nanoTime();
                Map<?, Map<String, Object>> r = job.run(LocalDate.now()).orElseThrow();
                took[0] = (System.nanoTime() - start) / 1e9;
                for (Map<String, Object> kind : r.values()) {
                    Object n = kind.get("removed");
                    removed[0] += n == null ? 0 : ((Number) n).longValue();
                }
                deleting.set(false);
            }, "retention");
            night.start();
            List<Long> during = ingest(jdbi, agent, seq, seconds, deleting);
            night.join();

            System.out.printf("ingest batch of 100 punches, alone:            %s (%d batches)%n", stats(alone), alone.size());
            System.out.printf("ingest batch of 100 punches, while deleting:   %s (%d batches)%n", stats(during), during.size());
            System.out.printf("retention run removed %,d records in %.1f s (%,.0f a second); %,d old events left%n",
                    removed[0], took[0], removed[0] / took[0],
                    jdbi.withHandle(h -> h.createQuery("select count(*) from agent_event where stream = 'old'")
                            .mapTo(Long.class).one()));
        } finally {
            pg.close();
        }
    }

    /** Stores batches of 100 punches for `seconds` (and, when `until` is set, at least as long as it stays true). */
    static List<Long> ingest(Jdbi jdbi, long agent, AtomicLong seq, int seconds, AtomicBoolean until) {
        List<Long> micros = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end || until.get() && System.nanoTime() < end + 600_000_000_000L) {
            int n = 100;
            String[] streams = new String[n];
            Long[] seqs = new Long[n];
            String[] types = new String[n];
            String[] ats = new String[n];
            String[] payloads = new String[n];
            String[] sensors = new String[n];
            Integer[] slots = new Integer[n];
            Integer[] scores = new Integer[n];
            for (int i = 0; i < n; i++) {
                streams[i] = "fingerprint";
                seqs[i] = seq.incrementAndGet();
                types[i] = "punch";
                ats[i] = Instant.now().toString();
                payloads[i] = "{\"sensor\": \"cua-chinh\", \"slot\": 5, \"score\": 80}";
                sensors[i] = "cua-chinh";
                slots[i] = 5;
                scores[i] = 80;
            }
            long start = System.nanoTime();
            jdbi.useTransaction(h -> {
                IngestDao dao = h.attach(IngestDao.class);
                dao.insertEvents(agent, streams, seqs, types, ats, payloads);
                // No time flags: the bench's punches are stamped now, as a healthy agent's are.
                dao.insertPunches(agent, streams, seqs, sensors, slots, scores, ats, new String[n]);
            });
            micros.add((System.nanoTime() - start) / 1000);
        }
        return micros;
    }

    static String stats(List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return String.format("median %.1f ms, p95 %.1f ms, worst %.1f ms", sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get((int) (sorted.size() * 0.95)) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }
}
