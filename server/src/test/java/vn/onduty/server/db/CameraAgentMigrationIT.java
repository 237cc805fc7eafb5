package vn.onduty.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Change 0123 on cameras that every agent of their site used to watch: each goes to its site's oldest active agent
 * (the one that has been watching it), a site without an active agent leaves its camera without one; and from then
 * on the database refuses to give a camera an agent of another site.
 */
class CameraAgentMigrationIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(CameraAgentMigrationIT.class);

    @Test
    void existingCamerasGoToTheirSitesOldestActiveAgent() throws Exception {
        try (Connection c = DriverManager.getConnection(DB.url(), DB.user(), DB.password())) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            try (Liquibase liquibase = new Liquibase(Migrator.CHANGELOG, new ClassLoaderResourceAccessor(), database)) {
                liquibase.update(changesBefore("0122_"), new Contexts(), new LabelExpression());
                DB.jdbi().useHandle(h -> {
                    h.execute("insert into site (name) values ('Cơ sở 1'), ('Cơ sở 2')");
                    h.execute("""
                            insert into device_agent (site_id, name, token_hash, token_prefix, active, created_at) values
                              (1, 'Máy cũ đã ngừng', '\\x01', 'agt_1', false, '2026-01-01'),
                              (1, 'Máy trạm chính', '\\x02', 'agt_2', true, '2026-02-01'),
                              (1, 'Máy thứ hai', '\\x03', 'agt_3', true, '2026-11-01'),
                              (2, 'Máy ngừng của cơ sở 2', '\\x04', 'agt_4', false, '2026-01-01')
                            """);
                    h.execute("insert into camera (site_id, name, url) values (1, 'Sảnh', 'rtsp://10.0.0.5/1'), (2, 'Cổng', 'rtsp://10.0.0.6/1')");
                });
                liquibase.update(new Contexts(), new LabelExpression());
            }
        }

        assertThat(DB.rows("select name, agent_id from camera order by id")).containsExactly(
                TestDatabase.row("name", "Sảnh", "agent_id", 2L), TestDatabase.row("name", "Cổng", "agent_id", null));
        assertThatThrownBy(() -> DB.jdbi().useHandle(h -> h.execute("update camera set agent_id = 2 where id = 2")))
                .hasMessageContaining("camera_agent_fk");
    }

    /** How many changes the master changelog includes before the file whose name starts with {@code prefix}. */
    private static int changesBefore(String prefix) throws IOException {
        try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(Migrator.CHANGELOG)) {
            String changelog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int at = changelog.lastIndexOf("<include ", changelog.indexOf("db/changes/" + prefix));
            assertThat(at).as("%s in the changelog", prefix).isPositive();
            return changelog.substring(0, at).split("<include ", -1).length - 1;
        }
    }
}
