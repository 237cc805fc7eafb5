package vn.onduty.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.onduty.server.OnDutyApplication;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;

/**
 * The production set-up: the server on an external PostgreSQL (here a second, separate embedded one
 * that asks for passwords), with the password taken from the environment through ${VAR} in the
 * configuration file. The server must migrate that database, serve from it, and start nothing of its own.
 */
class ExternalDatabaseIT {

    static final String PASSWORD_VARIABLE = "ONDUTY_TEST_EXTERNAL_DB_PASSWORD";
    static final String ROLE = "onduty_ext";
    static final String DATABASE = "onduty_production";

    static EmbeddedPostgres external;
    static TestDatabase db;
    static DropwizardTestSupport<OnDutyConfiguration> app;

    @BeforeAll
    static void startExternalPostgresAndServer() throws Exception {
        assertThat(System.getenv(PASSWORD_VARIABLE)).as("%s is set by the failsafe plugin (server/pom.xml)", PASSWORD_VARIABLE)
                .isEqualTo("s3cret-external");
        external = EmbeddedPostgres.builder().start();
        try (Connection c = external.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("create role " + ROLE + " login password 's3cret-external'");
            st.execute("create database " + DATABASE + " owner " + ROLE + " encoding 'UTF8' template template0");
            // Like a real server: the superuser (used by this test to arrange) is trusted locally,
            // every other role must give its password.
            var hba = st.executeQuery("show hba_file");
            hba.next();
            Files.writeString(Path.of(hba.getString(1)), """
                    local all postgres trust
                    host  all postgres 127.0.0.1/32 trust
                    host  all postgres ::1/128 trust
                    host  all all 127.0.0.1/32 scram-sha-256
                    host  all all ::1/128 scram-sha-256
                    """);
            st.execute("select pg_reload_conf()");
        }
        String url = "jdbc:postgresql://localhost:" + external.getPort() + "/" + DATABASE;
        db = new TestDatabase(DATABASE, url, ROLE, "s3cret-external");

        app = TestApp.support(ResourceHelpers.resourceFilePath("external-db.yml"),
                Map.of("database.url", url, "database.user", ROLE));
        app.before();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.after();
        }
        if (external != null) {
            external.close();
        }
    }

    @Test
    void externalDatabaseRefusesAWrongPassword() {
        assertThatThrownBy(() -> DriverManager.getConnection(db.url(), ROLE, "not-the-password").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void takesThePasswordFromTheEnvironmentThroughTheConfigFile() {
        assertThat(app.getConfiguration().getDatabase().getPassword()).isEqualTo(System.getenv(PASSWORD_VARIABLE));
        assertThat(app.getConfiguration().getDatabase().getUrl()).isEqualTo(db.url());
        assertThat(app.getConfiguration().getDatabase().getUser()).isEqualTo(ROLE);
    }

    @Test
    void migratesTheExternalDatabaseAsItsOwner() {
        List<String> changes = includedChanges();
        assertThat(db.rows("select filename from databasechangelog group by filename order by min(orderexecuted)").stream()
                .map(r -> r.get("filename").toString()).toList())
                .as("every change of the master changelog applied, in order").isEqualTo(changes);

        Set<String> created = new TreeSet<>(List.of("databasechangelog", "databasechangeloglock"));
        changes.forEach(change -> created.addAll(tablesCreatedBy(change)));
        assertThat(created).as("tables the changes create").contains("site", "staff", "agent_event", "punch");
        List<Map<String, Object>> tables = db.rows("select tablename, tableowner from pg_tables where schemaname = 'public'");
        Set<String> present = tables.stream().map(t -> t.get("tablename").toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(present).isEqualTo(created);
        assertThat(tables).allSatisfy(t -> assertThat(t.get("tableowner")).as("owner of %s", t.get("tablename")).isEqualTo(ROLE));
    }

    /** The changes the master changelog includes, in order, as Liquibase records their file names. */
    private static List<String> includedChanges() {
        Matcher m = Pattern.compile("<include file=\"([^\"]+)\"").matcher(resource(Migrator.CHANGELOG));
        List<String> files = new ArrayList<>();
        while (m.find()) {
            files.add(m.group(1));
        }
        assertThat(files).as("includes in %s", Migrator.CHANGELOG).isNotEmpty();
        return files;
    }

    private static Set<String> tablesCreatedBy(String change) {
        Matcher m = Pattern.compile("(?im)^\\s*create table (?:if not exists )?(\\w+)").matcher(resource(change));
        Set<String> tables = new TreeSet<>();
        while (m.find()) {
            tables.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return tables;
    }

    private static String resource(String name) {
        try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("%s on the class path", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void servesSitesFromTheExternalDatabase() {
        db.jdbi().useHandle(h -> h.execute("insert into site (name, address) values (?, ?)",
                "Trung tâm Phục vụ hành chính công tỉnh Quảng Trị", "Đông Hà"));
        Admins.create(db, "quantri", "admin-password-1");

        Api admin = Api.at(app.getLocalPort()).loggedInAs("quantri", "admin-password-1");
        Reply sites = admin.get("/api/sites?q=quang%20tri");

        assertThat(sites.status()).isEqualTo(200);
        assertThat(sites.json().get("items")).singleElement()
                .satisfies(s -> assertThat(s.get("name").asText()).isEqualTo("Trung tâm Phục vụ hành chính công tỉnh Quảng Trị"));
        assertThat(db.rows("select count(*) > 0 as connected from pg_stat_activity "
                + "where usename = ? and datname = ? and application_name = 'onduty-server'", ROLE, DATABASE))
                .containsExactly(Map.of("connected", true));
    }

    @Test
    void startsNoEmbeddedPostgres() {
        OnDutyApplication application = (OnDutyApplication) app.getApplication();
        assertThat(application.database(app.getConfiguration()).embedded()).isEmpty();
        assertThat(app.getConfiguration().getDatabase().isEmbedded()).isFalse();
        assertThat(app.getConfiguration().getDatabase().getDataDirectory()).doesNotExist();
    }
}
