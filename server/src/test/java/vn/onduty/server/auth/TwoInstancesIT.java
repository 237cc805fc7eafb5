package vn.onduty.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.anAccount;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/** Two servers behind one load balancer share one database: a session opened on one is the same session on the other. */
class TwoInstancesIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(TwoInstancesIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> FIRST = TestApp.on(DB);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> SECOND = TestApp.on(DB);

    static final String PASSWORD = "admin-password-1";

    @BeforeAll
    static void createAdmin() {
        assertThat(FIRST.getLocalPort()).isNotEqualTo(SECOND.getLocalPort());
        Admins.create(DB, "quantri", PASSWORD);
    }

    @Test
    void tokenFromOneInstanceIsAcceptedByTheOther() {
        String token = Api.at(FIRST).login("quantri", PASSWORD);

        Reply me = Api.at(SECOND).as(token).get("/api/auth/me");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asText()).isEqualTo("quantri");
    }

    @Test
    void webSessionFromOneInstanceWorksOnTheOtherWithItsCsrfToken() {
        String session = Browser.session(FIRST, "quantri", PASSWORD);
        Api browserOnSecond = Api.at(SECOND).withHeader("Cookie", "ONDUTY_SESSION=" + session);

        assertThat(browserOnSecond.get("/api/auth/me").status()).isEqualTo(200);
        Reply created = browserOnSecond.withHeader("X-CSRF-Token", Browser.csrfToken(FIRST, session)).post("/api/sites", aSite().fields());
        assertThat(created.status()).isEqualTo(201);
        assertThat(Api.at(FIRST).as(Api.at(FIRST).login("quantri", PASSWORD)).get("/api/sites/" + created.id()).status())
                .isEqualTo(200);
    }

    @Test
    void logoutOnOneInstanceEndsTheSessionOnTheOther() {
        String token = Api.at(FIRST).login("quantri", PASSWORD);
        assertThat(Api.at(FIRST).as(token).get("/api/auth/me").status()).isEqualTo(200);

        assertThat(Api.at(SECOND).as(token).post("/api/auth/logout", null).status()).isEqualTo(204);

        assertThat(Api.at(FIRST).as(token).get("/api/auth/me").status()).isEqualTo(401);
        assertThat(Api.at(SECOND).as(token).get("/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void twoAdminsDeactivatingEachOtherOnTwoServersLeaveOneAdmin() throws Exception {
        Api quantri = Api.at(FIRST).loggedInAs("quantri", PASSWORD);
        Org.Body second = Org.anAdminAccount();
        long secondId = second.createdBy(quantri);
        long quantriId = quantri.get("/api/auth/me").json().get("id").asLong();
        Api secondAdmin = Api.at(SECOND).loggedInAs(second.get("username").toString(), Org.PASSWORD);
        assertThat(DB.count("user_account", "active and 'ADMIN' = any(roles)")).isEqualTo(2);

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Reply> first = pool.submit(() -> {
                start.await();
                return quantri.post("/api/accounts/" + secondId + "/deactivate", null);
            });
            Future<Reply> other = pool.submit(() -> {
                start.await();
                return secondAdmin.post("/api/accounts/" + quantriId + "/deactivate", null);
            });
            start.countDown();
            List<Integer> statuses = List.of(first.get(30, TimeUnit.SECONDS).status(), other.get(30, TimeUnit.SECONDS).status());

            assertThat(statuses).as("one wins; the other is refused (409) or already signed out (401)")
                    .containsOnlyOnce(200).containsAnyOf(409, 401);
            assertThat(DB.count("user_account", "active and 'ADMIN' = any(roles)")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            DB.jdbi().useHandle(h -> h.execute("update user_account set active = true where id = ?", quantriId));
        }
    }

    @Test
    void throttlingCountsFailedLoginsOnBothInstances() {
        Org.Body account = anAccount("SUPERVISOR");
        account.create(Api.at(FIRST).loggedInAs("quantri", PASSWORD));
        String username = account.get("username").toString();
        for (int i = 1; i <= 5; i++) {
            Api instance = i % 2 == 0 ? Api.at(SECOND) : Api.at(FIRST);
            assertThat(instance.post("/api/auth/login", Map.of("username", username, "password", "guess-" + i)).status())
                    .as("attempt %d", i).isEqualTo(401);
        }

        for (Api instance : new Api[] {Api.at(FIRST), Api.at(SECOND)}) {
            Reply r = instance.post("/api/auth/login", Map.of("username", username, "password", Org.PASSWORD));
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.header("Retry-After")).isPresent();
        }
    }
}
