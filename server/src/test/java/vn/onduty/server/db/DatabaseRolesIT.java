package vn.onduty.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Who may connect to the database and what the server may do in it. The embedded PostgreSQL asks for passwords (kept
 * beside its data directory, 0600), also when its data directory was made by the old setup that trusted every local
 * connection; and the server works as a role that owns no table, on the embedded database as shipped and on an
 * external one with a separate migration owner: it cannot rewrite, delete, disable the guard of or drop the audit log.
 */
class DatabaseRolesIT {

    static Path root;

    @BeforeAll
    static void directory() throws IOException {
        root = Files.createTempDirectory("onduty-db-roles-");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aNewEmbeddedDatabaseAsksForThePasswordsKeptBesideIt() throws Exception {
        Path data = root.resolve("fresh");
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(data, 0, "onduty")) {
            Properties credentials = credentials(data);
            assertThat(Files.getPosixFilePermissions(data.resolveSibling("fresh.credentials")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(credentials.getProperty("owner.password")).hasSizeGreaterThanOrEqualTo(32);
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#]*\\btrust\\b");
            // Durable: the test library's defaults (no fsync, asynchronous commit) would lose acknowledged punches.
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", credentials.getProperty("owner.password"));
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select current_setting('fsync'), current_setting('synchronous_commit')")) {
                rs.next();
                assertThat(rs.getString(1) + " " + rs.getString(2)).isEqualTo("on on");
            }

            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), "postgres", "").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), "postgres", "guess").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "onduty", credentials.getProperty("app.password"));
                 Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                         "select rolsuper, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user")) {
                rs.next();
                assertThat(List.of(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3))).containsOnly(false);
            }
        }
    }

    @Test
    void aDataDirectoryOfTheOldTrustingSetupIsUpgradedOnStartAndKeepsItsData() throws Exception {
        Path data = root.resolve("demo-postgres");
        // As OnDuty made it before: initdb -A trust, the superuser without a password.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
             Connection c = old.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("create database onduty");
            try (Connection onduty = old.getDatabase("postgres", "onduty").getConnection();
                 Statement s = onduty.createStatement()) {
                s.execute("create table site (name text)");
                s.execute("insert into site values ('Cơ sở 1')");
            }
        }
        assertThat(EmbeddedPostgresServer.trusts(data)).isTrue();

        for (int start = 1; start <= 2; start++) {
            try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(data, 0, "onduty")) {
                assertThat(EmbeddedPostgresServer.trusts(data)).as("start %d", start).isFalse();
                assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), "postgres", "").close())
                        .as("start %d", start).isInstanceOf(SQLException.class);
                try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", pg.password());
                     Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select name from site")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("Cơ sở 1");
                }
            }
        }
        assertThat(credentials(data).getProperty("owner.password")).isNotBlank();
    }

    @Test
    void aLostCredentialsFileIsNamedNotGuessed() throws Exception {
        Path data = root.resolve("lost");
        EmbeddedPostgresServer.start(data, 0, "onduty").close();
        Files.delete(EmbeddedCredentials.fileFor(data));

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(data, 0, "onduty"))
                .hasMessageContaining("lost.credentials").hasMessageContaining("restore it");
    }

    @Test
    void theServerOnItsEmbeddedDatabaseWorksAsARoleThatCannotRewriteTheAuditLog() throws Exception {
        Path data = root.resolve("server");
        DropwizardTestSupport<OnDutyConfiguration> app = TestApp.support(ResourceHelpers.resourceFilePath("embedded-db.yml"),
                Map.of("database.dataDirectory", data.toString()));
        app.before();
        try {
            EmbeddedPostgresServer pg = ((vn.onduty.server.OnDutyApplication) app.getApplication())
                    .database(app.getConfiguration()).embedded().orElseThrow();
            TestDatabase owner = new TestDatabase("onduty", pg.jdbcUrl(), pg.user(), pg.password());
            Admins.create(owner, "quantri", "admin-password-1");
            Api admin = Api.at(app.getLocalPort()).loggedInAs("quantri", "admin-password-1");
            assertThat(admin.post("/api/sites", Org.aSite().fields()).status()).isEqualTo(201);

            String role = serverRole(owner);
            assertThat(role).isEqualTo("onduty");
            assertTheAuditLogIsOutOfReach(pg.jdbcUrl(), role, pg.applicationPassword(), owner);
        } finally {
            app.after();
        }
    }

    @Test
    void onAnExternalDatabaseTheMigrationOwnerAndTheServersRoleAreTwo() throws Exception {
        TestDatabase db = TestPostgres.freshDatabase(DatabaseRolesIT.class);
        String role = "it_app_" + Org.unique();
        db.jdbi().useHandle(h -> h.execute("create role " + role + " login password 'app-password-1'"));
        DropwizardTestSupport<OnDutyConfiguration> app = TestApp.support(TestApp.CONFIG, Map.of(
                "database.url", db.url(), "database.user", role, "database.password", "app-password-1",
                "database.migrationUser", db.user(), "database.migrationPassword", db.password()));
        app.before();
        try {
            Admins.create(db, "quantri", "admin-password-1");
            Api admin = Api.at(app.getLocalPort()).loggedInAs("quantri", "admin-password-1");
            assertThat(admin.post("/api/sites", Org.aSite().fields()).status()).isEqualTo(201);
            assertThat(db.rows("select distinct tableowner from pg_tables where schemaname = 'public'"))
                    .containsExactly(Map.of("tableowner", db.user()));

            assertThat(serverRole(db)).isEqualTo(role);
            assertTheAuditLogIsOutOfReach(db.url(), role, "app-password-1", db);
        } finally {
            app.after();
        }
    }

    /** The role of the server's pooled connections, as PostgreSQL sees them. */
    static String serverRole(TestDatabase owner) {
        List<Map<String, Object>> roles = owner.rows("select distinct usename from pg_stat_activity"
                + " where application_name = 'onduty-server' and datname = current_database()");
        assertThat(roles).hasSize(1);
        return roles.get(0).get("usename").toString();
    }

    static void assertTheAuditLogIsOutOfReach(String url, String role, String password, TestDatabase owner)
            throws SQLException {
        long events = owner.count("audit_event");
        assertThat(events).as("the server wrote its audit log").isPositive();
        List<String> refused = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, role, password)) {
            for (String sql : List.of(
                    "update audit_event set action = 'rewritten'",
                    "update audit_event set at = now() - interval '2 years'",
                    "update audit_event set actor = 'someone else'",
                    "delete from audit_event",
                    "truncate audit_event",
                    "update audit_event_subject set staff_id = staff_id",
                    "delete from audit_event_subject",
                    "alter table audit_event disable trigger user",
                    "drop trigger audit_event_redaction_only on audit_event",
                    "drop trigger audit_event_no_delete on audit_event",
                    "drop table audit_event",
                    "alter table site add column forged text")) {
                try (Statement st = c.createStatement()) {
                    st.execute(sql);
                } catch (SQLException e) {
                    refused.add(sql + ": " + e.getSQLState());
                    continue;
                }
                refused.add(sql + ": ALLOWED");
            }
            try (Statement st = c.createStatement()) {
                st.execute("insert into audit_event (actor, action, entity_type) values ('test', 'test.append', 'test')");
            }
        }
        // 42501: insufficient privilege (or not the owner), refused before any trigger runs. The two exceptions the
        // audit log's triggers make (an anonymisation's redaction of names, the retention's deletion of events older
        // than a year) need the role to hold those rights: there the trigger refuses (P0001) whatever it does not allow.
        assertThat(refused).containsExactly(
                "update audit_event set action = 'rewritten': 42501",
                "update audit_event set at = now() - interval '2 years': 42501",
                "update audit_event set actor = 'someone else': P0001",
                "delete from audit_event: P0001",
                "truncate audit_event: 42501",
                "update audit_event_subject set staff_id = staff_id: 42501",
                "delete from audit_event_subject: 42501",
                "alter table audit_event disable trigger user: 42501",
                "drop trigger audit_event_redaction_only on audit_event: 42501",
                "drop trigger audit_event_no_delete on audit_event: 42501",
                "drop table audit_event: 42501",
                "alter table site add column forged text: 42501");
        assertThat(owner.count("audit_event")).as("only added to").isEqualTo(events + 1);
        assertThat(owner.count("audit_event", "action = 'rewritten' or actor = 'someone else'")).isZero();

        // What the triggers allow, the role can do: the retention job's deletion of an event over a year old, and an
        // anonymisation's redaction of a name, each in a transaction that says so.
        owner.jdbi().useHandle(h -> h.execute("insert into audit_event (at, actor, action, entity_type)"
                + " values (now() - interval '2 years', 'old', 'test.old', 'test')"));
        try (Connection c = DriverManager.getConnection(url, role, password); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("select set_config('onduty.retention', 'on', true)");
            assertThat(st.executeUpdate("delete from audit_event where action = 'test.old'")).isOne();
            c.commit();
            st.execute("select set_config('onduty.redacting', 'on', true)");
            assertThat(st.executeUpdate("update audit_event set actor = 'redacted' where action = 'test.append'")).isOne();
            c.commit();
        }
        assertThat(owner.count("audit_event", "action = 'test.old'")).isZero();
        assertThat(owner.count("audit_event", "action = 'test.append' and actor = 'redacted'")).isOne();
    }

    static Properties credentials(Path data) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(EmbeddedCredentials.fileFor(data))) {
            p.load(in);
        }
        return p;
    }
}
