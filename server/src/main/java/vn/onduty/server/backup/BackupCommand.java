package vn.onduty.server.backup;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.db.Database;
import vn.onduty.server.db.DatabaseConfiguration;
import vn.onduty.server.db.EmbeddedPostgresServer;
import vn.onduty.server.db.JdbiSetup;
import vn.onduty.server.db.backup.DatabaseBackup;

/**
 * {@code backup [-f FILE] [config.yml]} ({@code ./onduty db backup FILE [config]}): backs up the embedded database
 * into one file from one snapshot. While the server runs it connects to the server's PostgreSQL (see
 * {@link Database}) and the server goes on working; otherwise it starts PostgreSQL on the data directory for the time
 * of the backup.
 */
public class BackupCommand extends ConfiguredCommand<OnDutyConfiguration> {

    static final String EXTERNAL = "database.url points at an external PostgreSQL: back it up with PostgreSQL's own "
            + "tools (pg_dump -Fc, or pg_basebackup for the whole server; README, \"Backups\"). ./onduty db backup and "
            + "restore are for the embedded database.";

    private final Function<OnDutyConfiguration, Database> databases;

    public BackupCommand(Function<OnDutyConfiguration, Database> databases) {
        super("backup", "Back up the embedded database into one file, also while the server runs");
        this.databases = databases;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("-f", "--file").dest("backupFile")
                .help("the backup file to write; it must not exist (default: backup.directory/onduty-YYYYMMDD-HHMMSS.backup)");
    }

    @Override
    protected void run(Bootstrap<OnDutyConfiguration> bootstrap, Namespace namespace, OnDutyConfiguration config)
            throws Exception {
        DatabaseConfiguration db = config.getDatabase();
        if (!db.isEmbedded()) {
            throw new IllegalArgumentException(EXTERNAL);
        }
        String given = namespace.getString("backupFile");
        Path file = given != null ? Path.of(given) : config.getBackup().getDirectory().resolve("onduty-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(config.getBackup().getZone()))
                + ".backup");
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists: a backup never overwrites a file; give a new name");
        }
        Path dataDirectory = db.getDataDirectory();
        if (!Files.isRegularFile(dataDirectory.resolve("PG_VERSION"))) {
            throw new IllegalArgumentException("No database in " + dataDirectory.toAbsolutePath()
                    + " (database.dataDirectory): nothing to back up");
        }
        Database database = databases.apply(config);
        // As the owner of the tables, with the password kept beside the data directory: a backup reads every table.
        javax.sql.DataSource owner = database.ownerDataSource();
        database.running().ifPresent(pg -> System.out.println("The server's PostgreSQL is running (pid " + pg.pid()
                + ", port " + pg.port() + "): backing up from it while it works."));
        try {
            Jdbi jdbi = JdbiSetup.configure(Jdbi.create(owner));
            Backups backups = new Backups(owner::getConnection, jdbi, Clock.systemUTC());
            DatabaseBackup.Result result = backups.backup(file, Backups.Kind.MANUAL,
                    snapshot -> System.out.println("Snapshot " + snapshot + " taken; copying every table..."));
            System.out.printf("Backed up database %s as it was at %s: %d tables, %d rows, %d migrations, into %s "
                            + "(%,d bytes; readable by its owner only: it holds every record).%n",
                    result.manifest().database(), result.manifest().snapshotAt(), result.manifest().tables().size(),
                    result.manifest().rows(), result.manifest().changeSets().size(), file.toAbsolutePath(), result.bytes());
        } finally {
            database.embedded().ifPresent(EmbeddedPostgresServer::close);
        }
    }

    /** A refusal (no such file, a directory not empty, another version's backup) is a sentence, not a stack trace. */
    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        CommandErrors.print(cli, e);
    }
}
