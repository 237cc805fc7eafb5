package vn.onduty.server.backup;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.db.DatabaseFailures;
import vn.onduty.server.db.backup.DatabaseBackup;

/**
 * The nightly backup ({@code backup.nightly}): at {@code backup.at} in {@code backup.zone} it writes
 * {@code onduty-nightly-YYYYMMDD-HHMMSS.backup} into {@code backup.directory}, then deletes the oldest nightly files
 * beyond {@code backup.keep}. Only its own files are ever deleted, and only after a new one is complete, so a
 * failing night never eats into the copies kept.
 */
public final class NightlyBackup implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(NightlyBackup.class);
    static final String PREFIX = "onduty-nightly-";
    static final String SUFFIX = ".backup";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Backups backups;
    private final BackupConfiguration config;
    private final ScheduledExecutorService executor;
    private final Clock clock;

    public NightlyBackup(Backups backups, BackupConfiguration config, ScheduledExecutorService executor, Clock clock) {
        this.backups = backups;
        this.config = config;
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public void start() {
        scheduleNext();
        LOG.info("Nightly backup at {} ({}) into {}, keeping {}", config.getAt(), config.getZone(),
                config.getDirectory().toAbsolutePath(), config.getKeep());
    }

    @Override
    public void stop() {
        // The executor is the lifecycle's: it is shut down with the server, a backup in progress with it (its
        // partial file is removed).
    }

    private void scheduleNext() {
        executor.schedule(() -> {
            try {
                runOnce();
            } catch (Exception e) {
                // Recorded in backup_run and shown by the backup age metric; tried again the next night.
                LOG.error("The nightly backup failed", DatabaseFailures.redacted(e));
            } finally {
                if (!executor.isShutdown()) {
                    scheduleNext();
                }
            }
        }, untilNext().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Time until the next {@code backup.at}, today's if still ahead, else tomorrow's. */
    Duration untilNext() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(config.getZone()));
        ZonedDateTime next = now.with(config.getAt()).withSecond(0).withNano(0);
        if (!next.isAfter(now)) {
            next = next.plusDays(1).with(config.getAt());
        }
        return Duration.between(now, next);
    }

    /** One night's backup and the pruning after it. */
    public DatabaseBackup.Result runOnce() throws Exception {
        Path directory = config.getDirectory();
        Files.createDirectories(directory);
        Path file = directory.resolve(PREFIX + STAMP.format(ZonedDateTime.now(clock.withZone(config.getZone()))) + SUFFIX);
        DatabaseBackup.Result result = backups.backup(file, Backups.Kind.NIGHTLY);
        LOG.info("Nightly backup written: {} ({} bytes, {} rows)", file, result.bytes(), result.manifest().rows());
        for (Path old : beyondKeep(directory, config.getKeep())) {
            Files.deleteIfExists(old);
            LOG.info("Deleted nightly backup {} (backup.keep is {})", old, config.getKeep());
        }
        return result;
    }

    /** The nightly files older than the newest {@code keep}; the names sort by time. */
    static List<Path> beyondKeep(Path directory, int keep) throws IOException {
        List<Path> nightly = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && Files.isRegularFile(p);
            }).forEach(nightly::add);
        }
        nightly.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        return nightly.size() <= keep ? List.of() : nightly.subList(keep, nightly.size());
    }
}
