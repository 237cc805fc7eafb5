package vn.onduty.server.db;

import java.sql.Connection;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.ui.LoggerUIService;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Applies the changelog from the migrations jar, the same one {@code db migrate} applies. */
public final class Migrator {

    public static final String CHANGELOG = "db/changelog.xml";

    static {
        // Liquibase 4.30+ would otherwise try to send usage analytics; site computers are often offline.
        System.setProperty("liquibase.analytics.enabled", "false");
        // No update summary on the console of whoever started the server: the start log says how many changes ran.
        System.setProperty("liquibase.showSummaryOutput", "LOG");
        System.setProperty("liquibase.command.showSummary", "OFF");
    }

    private Migrator() {}

    /**
     * Liquibase on the changelog, for a caller that needs more than {@link #migrate} (a restore applies a backup's
     * migrations only); going through here also keeps its summary in the log.
     */
    public static Liquibase liquibase(Connection connection) throws liquibase.exception.LiquibaseException {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        return new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), database);
    }

    /** Applies the changes not applied yet; returns how many there were. */
    public static int migrate(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            try (Liquibase liquibase = liquibase(connection)) {
                int[] pending = {0};
                Scope.child(Scope.Attr.ui.name(), new LoggerUIService(), () -> {
                    pending[0] = liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression()).size();
                    if (pending[0] > 0) {
                        liquibase.update(new Contexts(), new LabelExpression());
                    }
                });
                return pending[0];
            }
        } catch (Exception e) {
            throw new IllegalStateException("Database migration failed: " + e.getMessage(), e);
        }
    }
}
