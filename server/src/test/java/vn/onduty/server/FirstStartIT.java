package vn.onduty.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The first start on a database without any account: nobody can sign in, and both the start log's last line and the
 * login page say which command creates the first administrator. Once one exists, the login page no longer says it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstStartIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(FirstStartIT.class);
    /** Where first-start-config.yml writes the start log; emptied before the server starts. */
    static final Path LOG = TestApp.removed("target/first-start-it.log");

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, "first-start-config.yml");

    @Test
    @Order(1)
    void withoutAnAdministratorTheLastStartLineNamesCreateAdmin() throws IOException {
        List<String> lines = Files.readAllLines(LOG).stream().filter(l -> l.contains("vn.onduty.server.Start: "))
                .map(l -> l.substring(l.indexOf("vn.onduty.server.Start: ") + "vn.onduty.server.Start: ".length()))
                .toList();

        assertThat(lines).as("one line per listener, then what to do").hasSizeGreaterThanOrEqualTo(3);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Web pages and API listening on ")
                .contains(":" + APP.getLocalPort() + " "));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Admin port (health checks, metrics) listening on 127.0.0.1:"
                + APP.getAdminPort()));
        assertThat(lines.get(lines.size() - 1)).contains("no administrator", "./onduty create-admin",
                "http://localhost:" + APP.getLocalPort() + "/login");
    }

    @Test
    @Order(2)
    void withoutAnAdministratorTheLoginPageNamesCreateAdmin() {
        Reply login = Browser.at(APP).get("/login");

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("id=\"no-administrator\"", "./onduty create-admin --username",
                "chưa có tài khoản quản trị");
    }

    @Test
    @Order(3)
    void onceAnAdministratorExistsTheLoginPageNoLongerSaysSo() {
        Admins.create(DB, "quantri", "admin-password-1");

        Reply login = Browser.at(APP).get("/login");

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).doesNotContain("no-administrator", "create-admin");
    }
}
