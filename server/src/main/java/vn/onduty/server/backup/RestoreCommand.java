package vn.onduty.server.backup;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.db.DatabaseConfiguration;
import vn.onduty.server.db.JdbiSetup;
import vn.onduty.server.db.backup.DatabaseRestore;

/**
 * {@code restore -f FILE [config.yml]} ({@code ./onduty db restore FILE [config]}): restores a backup into the
 * configuration's {@code database.dataDirectory}, which must be empty or absent; the restored database's audit log
 * records the restore.
 */
public class RestoreCommand extends ConfiguredCommand<OnDutyConfiguration> {

    public RestoreCommand() {
        super("restore", "Restore a backup into an empty data directory of the embedded database");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("-f", "--file").dest("backupFile").required(true).help("the backup file to restore");
    }

    @Override
    protected void run(Bootstrap<OnDutyConfiguration> bootstrap, Namespace namespace, OnDutyConfiguration config)
            throws Exception {
        DatabaseConfiguration db = config.getDatabase();
        if (!db.isEmbedded()) {
            throw new IllegalArgumentException(BackupCommand.EXTERNAL);
        }
        Path file = Path.of(namespace.getString("backupFile"));
        Path dataDirectory = db.getDataDirectory();
        System.out.println("Restoring " + file.toAbsolutePath() + " into " + dataDirectory.toAbsolutePath() + "...");
        DatabaseRestore.Result result = DatabaseRestore.restore(file, dataDirectory, db.getEmbeddedDatabaseName(), (c, manifest) -> {
            Jdbi jdbi = JdbiSetup.configure(Jdbi.create(c));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("file", file.toAbsolutePath().toString());
            details.put("snapshotAt", manifest.snapshotAt().toString());
            details.put("tables", manifest.tables().size());
            details.put("rows", manifest.rows());
            details.put("osUser", System.getProperty("user.name"));
            new AuditLog(jdbi, Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS),
                    Clock.systemUTC()).record("restore", null, null, "database.restore", "database",
                    db.getEmbeddedDatabaseName(), details);
        });
        var manifest = result.manifest();
        System.out.printf("Restored database %s as it was at %s: %d tables, %d rows, each table's rows checked against "
                        + "the backup's digest.%n", db.getEmbeddedDatabaseName(), manifest.snapshotAt(),
                manifest.tables().size(), manifest.rows());
        if (result.migrationsToApply() > 0) {
            System.out.println("This OnDuty has " + result.migrationsToApply() + " newer migrations: the server applies "
                    + "them when it starts (or run ./onduty db migrate).");
        }
        System.out.println("Start the server with this configuration to use it.");
    }

    /** A refusal (no such file, a directory not empty, another version's backup) is a sentence, not a stack trace. */
    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        CommandErrors.print(cli, e);
    }
}
