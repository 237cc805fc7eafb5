package vn.onduty.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.onduty.server.testing.Events.punches;
import static vn.onduty.server.testing.Org.aDepartment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.db.EmbeddedCredentials;
import vn.onduty.server.db.EmbeddedPostgresServer;
import vn.onduty.server.db.backup.DatabaseBackup;
import vn.onduty.server.db.backup.DatabaseRestore;
import vn.onduty.server.db.RunningPostgres;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.MovableClock;
import vn.onduty.server.testing.Scrape;
import vn.onduty.server.testing.TestApp;

/**
 * Backups of the embedded database as an installation runs it: the server (with the demo's month of data) on its
 * own embedded PostgreSQL in a fresh directory, backed up while an agent and an admin keep writing, restored into
 * an empty directory, and compared table by table with what the backup's snapshot held. Also the commands as an
 * operator runs them (separate JVMs beside the running server), the nightly copies kept, and backup age on /metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreIT {

    static final Path WORK = temporaryDirectory();
    static final Path LIVE = WORK.resolve("live");

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = new DropwizardAppExtension<>(TestApp.support(
            TestApp.CONFIG, Map.of("database.url", "", "database.dataDirectory", LIVE.toString(), "demo.enabled", "true")));

    static Api admin;
    static String url;

    @BeforeAll
    static void arrange() throws IOException {
        admin = Api.at(APP).loggedInAs("admin", "onduty-demo");
        url = RunningPostgres.of(LIVE).orElseThrow().jdbcUrl("onduty");
    }

    static Connection live() throws SQLException {
        return DriverManager.getConnection(url, EmbeddedPostgresServer.SUPERUSER, ownerPassword());
    }

    /** The owner's password, kept beside the running server's data directory. */
    static String ownerPassword() {
        return EmbeddedCredentials.load(LIVE).ownerPassword();
    }

    static Backups backups(Clock clock) {
        return new Backups(BackupRestoreIT::live,
                Jdbi.create(url, EmbeddedPostgresServer.SUPERUSER, ownerPassword()).installPlugin(new SqlObjectPlugin()), clock);
    }

    @Test
    @Order(1)
    void backupAgeOnMetricsIsInfiniteBeforeTheFirstBackupAndThenTheAgeOfItsSnapshot() throws Exception {
        Scrape before = Scrape.of(Api.at(APP.getAdminPort()).get("/metrics"));
        assertThat(before.value("onduty_backup_age_seconds")).isInfinite();

        backups(Clock.systemUTC()).backup(WORK.resolve("first.backup"), Backups.Kind.MANUAL);

        Scrape after = Scrape.of(Api.at(APP.getAdminPort()).get("/metrics"));
        assertThat(after.value("onduty_backup_age_seconds")).isBetween(0.0, 120.0);

        // The example alerts (docs/onduty-alerts.yml) name only metrics this server reports.
        String alerts = Files.readString(Path.of("..", "docs", "onduty-alerts.yml"));
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b((?:onduty|jvm)_[a-z_]+)").matcher(alerts);
        List<String> named = new ArrayList<>();
        while (names.find()) {
            named.add(names.group(1).replaceAll("_(bucket|count|sum)$", ""));
        }
        assertThat(named).hasSizeGreaterThan(8).allSatisfy(name -> assertThat(after.text()).contains("# TYPE " + name + " "));
    }

    @Test
    @Order(2)
    void backsUpUnderWriteLoadFromOneSnapshotAndRestoresEveryTableAsThatSnapshotHadIt() throws Exception {
        long site = admin.get("/api/sites").json().get("items").get(0).get("id").asLong();
        DeviceAgent agent = DeviceAgent.register(APP, admin, site);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong committed = new AtomicLong();
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            Instant at = Instant.parse("2026-11-26T01:00:00Z");
            try {
                for (long batch = 0; !stop.get() && batch < 20_000; batch++) {
                    agent.deliver(punches("backup-load", batch * 10 + 1, batch * 10 + 10, at.plusSeconds(batch * 10),
                            "cua-tai", (int) (batch % 40)));
                    if (batch % 5 == 0) {
                        // Quotes, a backslash and Vietnamese in a row and in its audit record's JSON.
                        aDepartment().with("name", "Phòng \"thử\" \\ tải " + batch).createdBy(admin);
                    }
                    committed.incrementAndGet();
                }
            } catch (Throwable e) {
                writerFailed.set(e);
            }
        }, "backup-write-load");
        writer.start();
        awaitCommits(committed, 3, writerFailed);

        AtomicReference<Map<String, String>> atSnapshot = new AtomicReference<>();
        Path file = WORK.resolve("under-load.backup");
        DatabaseBackup.Result result;
        try {
            result = backups(Clock.systemUTC()).backup(file, Backups.Kind.MANUAL, snapshot -> {
                long seen = committed.get();
                try (Connection c = live()) {
                    atSnapshot.set(TableChecksums.of(c, snapshot));
                }
                // Writes land after the snapshot and before any table is copied: a backup not taken from that one
                // snapshot would hold some of them.
                awaitCommits(committed, seen + 3, writerFailed);
            });
        } finally {
            stop.set(true);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(writerFailed.get()).isNull();

        Map<String, String> now;
        try (Connection c = live()) {
            now = TableChecksums.of(c);
        }
        assertThat(now.get("public.punch")).as("the load went on past the snapshot").isNotEqualTo(atSnapshot.get().get("public.punch"));
        assertThat(now.get("public.audit_event")).isNotEqualTo(atSnapshot.get().get("public.audit_event"));
        assertThat(Files.exists(file.resolveSibling(file.getFileName() + ".partial"))).isFalse();
        assertThat(Files.getPosixFilePermissions(file)).as("the backup is its owner's alone")
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        Path restored = WORK.resolve("restored");
        DatabaseRestore.Result r = DatabaseRestore.restore(file, restored, "onduty", (c, manifest) -> { });
        assertThat(r.migrationsToApply()).isZero();
        Map<String, String> restoredSums;
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(restored, 0, "onduty");
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            restoredSums = TableChecksums.of(c);
        }
        assertThat(restoredSums).as("every table, row for row").isEqualTo(atSnapshot.get());
        assertThat(restoredSums.keySet()).hasSizeGreaterThan(50).contains("public.backup_run", "public.queue_ticket");
        assertThat(atSnapshot.get().get("public.punch")).doesNotStartWith("0 rows");
        assertThat(result.manifest().tables()).hasSize(restoredSums.size());
    }

    @Test
    @Order(3)
    void aBackupWhoseRowsWereAlteredIsRefusedAndNothingIsPutInPlace() throws Exception {
        Path good = WORK.resolve("to-alter.backup");
        backups(Clock.systemUTC()).backup(good, Backups.Kind.MANUAL);
        Path altered = WORK.resolve("altered.backup");
        rewriteEntry(good, altered, "tables/public.site.tsv", rows -> rows.replaceFirst("Cơ sở 1", "Cơ sở 9"));
        Path target = WORK.resolve("refused");
        Files.createDirectories(target);

        assertThatThrownBy(() -> DatabaseRestore.restore(altered, target, "onduty", (c, m) -> { }))
                .hasMessageContaining("differs from the backup").hasMessageContaining("\"public\".\"site\"");
        try (Stream<Path> left = Files.list(target)) {
            assertThat(left).as("the target stays empty").isEmpty();
        }
        assertThat(Files.exists(WORK.resolve("refused.restoring"))).as("the work directory is removed").isFalse();
    }

    @Test
    @Order(4)
    void theCommandsBackUpBesideTheRunningServerAndRestoreOnlyIntoAnEmptyDirectory() throws Exception {
        Path config = WORK.resolve("cli.yml");
        Files.writeString(config, """
                database:
                  dataDirectory: %s
                backup:
                  directory: %s
                logging:
                  level: WARN
                  appenders: [{type: console, threshold: WARN}]
                """.formatted(LIVE, WORK.resolve("cli-backups")));
        Path restoreConfig = WORK.resolve("restore.yml");
        Files.writeString(restoreConfig, Files.readString(config).replace(LIVE.toString(), WORK.resolve("cli-restored").toString()));
        Path file = WORK.resolve("cli.backup");

        Run backup = run("backup", "-f", file.toString(), config.toString());
        assertThat(backup.exit()).as(backup.output()).isZero();
        assertThat(backup.output()).contains("The server's PostgreSQL is running", "Backed up database onduty as it was at");
        assertThat(count(live(), "select count(*) from backup_run where kind = 'manual' and error is null and file = '"
                + file.toAbsolutePath() + "'")).isEqualTo(1);

        Run restore = run("restore", "-f", file.toString(), restoreConfig.toString());
        assertThat(restore.exit()).as(restore.output()).isZero();
        assertThat(restore.output()).contains("Restored database onduty as it was at", "each table's rows checked");
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(WORK.resolve("cli-restored"), 0, "onduty")) {
            assertThat(count(DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password()),
                    "select count(*) from audit_event where action = 'database.restore' and actor = 'restore'"))
                    .as("the restored database's audit log records the restore").isEqualTo(1);
        }

        Run notEmpty = run("restore", "-f", file.toString(), restoreConfig.toString());
        assertThat(notEmpty.exit()).isEqualTo(1);
        assertThat(notEmpty.output()).contains("is not empty: a restore goes only into an empty directory")
                .as("a refusal is a sentence, not a stack trace").doesNotContain("\tat ");
        assertThatThrownBy(() -> backups(Clock.systemUTC()).backup(file, Backups.Kind.MANUAL))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class)
                .hasMessageContaining("a backup never overwrites a file");
    }

    @Test
    @Order(5)
    void theNightlyBackupKeepsTheNewestCopiesAndDeletesOnlyItsOwnOlderFiles() throws Exception {
        Path directory = WORK.resolve("nightly");
        Files.createDirectories(directory);
        Path mine = Files.writeString(directory.resolve("onduty-before-upgrade.backup"), "an admin's own file");
        BackupConfiguration config = new ObjectMapper().findAndRegisterModules().convertValue(
                Map.of("nightly", true, "directory", directory.toString(), "keep", 2), BackupConfiguration.class);
        MovableClock clock = new MovableClock(Instant.parse("2026-11-26T19:30:00Z"));
        NightlyBackup nightly = new NightlyBackup(backups(clock), config, null, clock);

        assertThat(nightly.untilNext()).as("02:30 in Hà Nội is 19:30 UTC: a day ahead").isEqualTo(Duration.ofDays(1));
        for (int night = 0; night < 3; night++) {
            nightly.runOnce();
            clock.advance(Duration.ofDays(1));
        }

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "onduty-before-upgrade.backup", "onduty-nightly-20261128-023000.backup",
                    "onduty-nightly-20261129-023000.backup");
        }
        assertThat(Files.readString(mine)).isEqualTo("an admin's own file");
        assertThat(DatabaseRestore.manifest(directory.resolve("onduty-nightly-20261129-023000.backup")).tables())
                .isNotEmpty();
        assertThat(count(live(), "select count(*) from backup_run where kind = 'nightly' and error is null")).isEqualTo(3);
    }

    @Test
    @Order(6)
    void aSecondServerOnTheDataDirectoryInUseIsRefusedNamingIt() {
        var second = TestApp.support(TestApp.CONFIG, Map.of("database.url", "", "database.dataDirectory", LIVE.toString()));
        try {
            assertThatThrownBy(second::before).hasStackTraceContaining(
                    "(database.dataDirectory) is in use by another running OnDuty server");
        } finally {
            second.after();
        }
        assertThat(admin.get("/api/sites").status()).as("the first one goes on").isEqualTo(200);
    }

    record Run(int exit, String output) {}

    /** The server's jar as an operator runs it: {@code java -cp ... OnDutyApplication <command> ...}. */
    static Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "vn.onduty.server.OnDutyApplication"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("onduty " + String.join(" ", args) + " did not finish: " + output);
        }
        return new Run(p.exitValue(), output);
    }

    static long count(Connection c, String sql) throws SQLException {
        try (c; var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void awaitCommits(AtomicLong committed, long atLeast, AtomicReference<Throwable> failed) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (committed.get() < atLeast) {
            if (failed.get() != null) {
                throw new AssertionError("The writer failed", failed.get());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The writer committed " + committed.get() + " batches, not " + atLeast);
            }
            Thread.sleep(10);
        }
    }

    /** Copies a backup, changing the text of one entry. */
    static void rewriteEntry(Path from, Path to, String entry, java.util.function.UnaryOperator<String> change)
            throws IOException {
        try (ZipFile zip = new ZipFile(from.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            boolean found = false;
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                if (e.getName().equals(entry)) {
                    String changed = change.apply(new String(bytes, StandardCharsets.UTF_8));
                    assertThat(changed).isNotEqualTo(new String(bytes, StandardCharsets.UTF_8));
                    bytes = changed.getBytes(StandardCharsets.UTF_8);
                    found = true;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
            assertThat(found).as(entry).isTrue();
        }
    }

    private static Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("onduty-backup-it-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // At JVM exit, under the system temporary directory.
        }
    }
}
