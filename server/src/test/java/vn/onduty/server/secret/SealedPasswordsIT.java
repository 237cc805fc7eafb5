package vn.onduty.server.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.db.Migrator;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * A database from before sealing: a camera password in plain text and FFmpeg's messages with the URL, user and
 * password in camera_status, sensor, agent_command and agent_event. Migrations 0120/0121 and the first start seal
 * the password and scrub the messages, so the planted password is in no table; the agent still gets it. Then a key
 * rotation: the new key with the old one among the previous keys seals everything again; a start without any key
 * that opens a stored password refuses, saying which camera and key.
 */
class SealedPasswordsIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(SealedPasswordsIT.class);
    static final String PLANTED = "Plain-pw-4471";
    static final String TOKEN = "agt_sealing-test-token-0001";

    @TempDir
    Path dir;

    @Test
    void plainPasswordsAreSealedAtStartAndAKeyRotationSealsThemAgain() throws Exception {
        // A database as main has it, before the first change of issue 14 (0122: then 0123 gives every camera its
        // agent, an update of rows whose password is still plain, before 0120's check exists).
        migrateUpTo("0122_");
        seedAsBeforeSealing();
        String oldKey = Base64.getEncoder().encodeToString(SecretBoxTest.OLD_KEY);
        String newKey = Base64.getEncoder().encodeToString(SecretBoxTest.KEY);

        run(Map.of("secrets.key", oldKey), api -> {
            assertThat(agentPassword(api)).isEqualTo(PLANTED);
        });
        String sealedFirst = storedPassword();
        assertThat(SecretBox.keyIdOf(sealedFirst)).isEqualTo(SecretBox.idOf(SecretBoxTest.OLD_KEY));
        assertThat(DB.tablesContaining(PLANTED)).as("tables holding the planted password").isEmpty();
        assertThat(DB.rows("select last_error from camera_status")).containsExactly(TestDatabase.row("last_error",
                "Exception: Could not open input \"rtsp://10.0.0.5:554/Streaming/Channels/102\""));
        assertThat(DB.count("audit_event", "action = 'camera.password_sealed' and after->>'password' = 'sealed with key "
                + SecretBox.idOf(SecretBoxTest.OLD_KEY) + "'")).isEqualTo(1);

        Path oldKeyFile = dir.resolve("old.key");
        Files.writeString(oldKeyFile, oldKey + "\n");
        run(Map.of("secrets.key", newKey, "secrets.previousKeyFiles", oldKeyFile.toString()), api -> {
            assertThat(agentPassword(api)).isEqualTo(PLANTED);
        });
        assertThat(SecretBox.keyIdOf(storedPassword())).isEqualTo(SecretBox.idOf(SecretBoxTest.KEY));
        run(Map.of("secrets.key", newKey), api -> assertThat(agentPassword(api)).isEqualTo(PLANTED));
        String sealedNow = storedPassword();
        assertThat(sealedNow).as("sealed again only once").isNotEqualTo(sealedFirst);

        DropwizardTestSupport<OnDutyConfiguration> lost = TestApp.support(TestApp.CONFIG, settings(Map.of("secrets.key",
                Base64.getEncoder().encodeToString(SecretBoxTest.key(9)))));
        assertThatThrownBy(lost::before).hasStackTraceContaining("no configured key opens the password of camera 1 (key "
                + SecretBox.idOf(SecretBoxTest.KEY) + ")");
        lost.after();
        assertThat(storedPassword()).as("a refused start changes nothing").isEqualTo(sealedNow);
    }

    private interface WhileRunning {
        void check(Api api) throws Exception;
    }

    private static void run(Map<String, String> settings, WhileRunning check) throws Exception {
        DropwizardTestSupport<OnDutyConfiguration> app = TestApp.support(TestApp.CONFIG, settings(settings));
        app.before();
        try {
            check.check(Api.at(app.getLocalPort()).as(TOKEN));
        } finally {
            app.after();
        }
    }

    private static Map<String, String> settings(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("database.url", DB.url());
        all.put("database.user", DB.user());
        all.put("database.password", DB.password());
        all.putAll(more);
        return all;
    }

    private static String agentPassword(Api agent) {
        JsonNode list = agent.get("/api/agent/cameras").json();
        return list.path("cameras").path(0).path("password").asText();
    }

    private static String storedPassword() {
        return (String) DB.rows("select password_sealed from camera").get(0).get("password_sealed");
    }

    private static void seedAsBeforeSealing() {
        String url = "rtsp://viewer:" + PLANTED + "@10.0.0.5:554/Streaming/Channels/102";
        DB.jdbi().useHandle(h -> {
            h.execute("insert into site (name) values ('Cơ sở 1')");
            h.execute("insert into user_account (username, password_hash, roles) values ('quantri', 'x', array['ADMIN'])");
            h.execute("insert into device_agent (site_id, name, token_hash, token_prefix) values (1, 'May tram 1', ?, 'agt_seal')",
                    (Object) sha256(TOKEN));
            h.execute("insert into camera (site_id, name, url, username, password) values (1, 'Sảnh', ?, 'viewer', ?)",
                    "rtsp://10.0.0.5:554/Streaming/Channels/102", PLANTED);
            h.execute("""
                    insert into camera_status (camera_id, agent_id, connected, last_error, reported_at, received_at)
                    values (1, 1, false, ?, now(), now())
                    """, "Exception: Could not open input \"" + url + "\"");
            h.execute("insert into sensor (agent_id, name, last_error) values (1, 'cua-chinh', ?)", "probe of " + url + " failed");
            h.execute("""
                    insert into agent_command (agent_id, camera_id, type, status, message, error, created_by)
                    values (1, 1, 'camera_snapshot', 'FAILED', ?, ?, 1)
                    """, "no picture from the camera: " + url, "no picture from the camera: " + url);
            h.execute("""
                    insert into agent_event (agent_id, stream, seq, type, at, payload)
                    values (1, 'camera-1', 1, 'zone_calibrated', now(), cast(? as jsonb))
                    """, "{\"error\": \"" + url + " refused\"}");
        });
    }

    private static byte[] sha256(String token) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void migrateUpTo(String prefix) throws Exception {
        try (Connection c = DriverManager.getConnection(DB.url(), DB.user(), DB.password())) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            try (Liquibase liquibase = new Liquibase(Migrator.CHANGELOG, new ClassLoaderResourceAccessor(), database)) {
                liquibase.update(changesBefore(prefix), new Contexts(), new LabelExpression());
            }
        }
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
