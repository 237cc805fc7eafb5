package vn.onduty.server.login;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aSite;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Agents' tokens are resolved from memory once seen (login/AgentTokens), yet a change made elsewhere (another server
 * instance on the same database: here a plain SQL update, which no code of this instance runs) is obeyed within a
 * second: the database's notification makes this instance forget the agent. Changes made through this instance are
 * obeyed at once (IngestIT, OrganisationApiIT).
 */
class AgentTokensIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(AgentTokensIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static Api admin;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
    }

    @Test
    void anAgentDeactivatedByAnotherInstanceIsRefusedWithinASecond() {
        DeviceAgent agent = DeviceAgent.register(APP, admin, aSite().createdBy(admin));
        assertThat(agent.api().get("/api/agent/me").status()).isEqualTo(200);
        assertThat(agent.api().get("/api/agent/me").status()).as("answered from memory now").isEqualTo(200);

        DB.jdbi().useHandle(h -> h.execute("update device_agent set active = false where id = ?", agent.id()));

        assertThat(within(Duration.ofSeconds(1), agent.api(), r -> r.status() == 401))
                .as("refused within a second of the other instance's commit").isTrue();
    }

    @Test
    void aTokenReplacedByAnotherInstanceIsRefusedWithinASecondAndTheNewOneAccepted() {
        DeviceAgent agent = DeviceAgent.register(APP, admin, aSite().createdBy(admin));
        assertThat(agent.api().get("/api/agent/me").status()).isEqualTo(200);
        String newToken = Tokens.newToken(AuthService.AGENT_TOKEN_PREFIX);

        DB.jdbi().useHandle(h -> h.execute("update device_agent set token_hash = ? where id = ?",
                Tokens.sha256(newToken), agent.id()));

        assertThat(within(Duration.ofSeconds(1), agent.api(), r -> r.status() == 401)).isTrue();
        assertThat(Api.at(APP).as(newToken).get("/api/agent/me").status()).isEqualTo(200);
    }

    @Test
    void anAgentMovedByAnotherInstanceSpeaksForItsNewSiteWithinASecond() {
        DeviceAgent agent = DeviceAgent.register(APP, admin, aSite().createdBy(admin));
        long otherSite = aSite().createdBy(admin);
        assertThat(agent.api().get("/api/agent/me").json().get("siteId").asLong()).isNotEqualTo(otherSite);

        DB.jdbi().useHandle(h -> h.execute("update device_agent set site_id = ?, name = 'may-moi' where id = ?",
                otherSite, agent.id()));

        assertThat(within(Duration.ofSeconds(1), agent.api(), r -> r.status() == 200
                && r.json().get("siteId").asLong() == otherSite && r.json().get("name").asText().equals("may-moi")))
                .isTrue();
    }

    @Test
    void lastContactIsWrittenByTheLookupThatFindsItDueAndNotOnEveryRequest() {
        DeviceAgent agent = DeviceAgent.register(APP, admin, aSite().createdBy(admin));
        assertThat(agent.api().get("/api/agent/me").status()).isEqualTo(200);
        Object first = lastSeen(agent);
        assertThat(first).as("written by the first request").isNotNull();

        assertThat(agent.api().get("/api/agent/me").status()).isEqualTo(200);
        assertThat(lastSeen(agent)).as("not written again within the minute").isEqualTo(first);

        // Two minutes old, and forgotten (a rename to the same name notifies): the lookup finds the contact due.
        DB.jdbi().useHandle(h -> h.execute("update device_agent set last_seen_at = now() - interval '2 minutes', "
                + "name = name where id = ?", agent.id()));
        assertThat(within(Duration.ofSeconds(1), agent.api(), r -> r.status() == 200
                && DB.jdbi().withHandle(h -> h.createQuery("select last_seen_at > now() - interval '10 seconds' "
                        + "from device_agent where id = :id").bind("id", agent.id()).mapTo(Boolean.class).one())))
                .as("written again by the lookup").isTrue();
    }

    @Test
    void theLookupWritesTheContactOnlyWhenItIsDue() {
        DeviceAgent agent = DeviceAgent.register(APP, admin, aSite().createdBy(admin));
        byte[] hash = Tokens.sha256(agent.token());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        DB.jdbi().useHandle(h -> h.execute("update device_agent set last_seen_at = ? where id = ?",
                Timestamp.from(now.minusSeconds(30)), agent.id()));
        String version = rowVersion(agent);

        AgentRow notDue = DB.jdbi().withExtension(AgentLoginDao.class, dao -> dao.findAndTouch(hash, now, 60)).orElseThrow();
        assertThat(notDue.lastSeenAt()).isEqualTo(now.minusSeconds(30));
        assertThat(rowVersion(agent)).as("30 s old: the row is not written").isEqualTo(version);

        AgentRow due = DB.jdbi().withExtension(AgentLoginDao.class, dao -> dao.findAndTouch(hash, now.plusSeconds(31), 60))
                .orElseThrow();
        assertThat(due.lastSeenAt()).isEqualTo(now.plusSeconds(31));
        assertThat(due.id()).isEqualTo(agent.id());
        assertThat(rowVersion(agent)).isNotEqualTo(version);
        Optional<AgentRow> nobody = DB.jdbi().withExtension(AgentLoginDao.class,
                dao -> dao.findAndTouch(new byte[32], now, 60));
        assertThat(nobody).as("no agent has that token").isEmpty();
    }

    private static String rowVersion(DeviceAgent agent) {
        return DB.jdbi().withHandle(h -> h.createQuery("select xmin::text from device_agent where id = :id")
                .bind("id", agent.id()).mapTo(String.class).one());
    }

    private static Object lastSeen(DeviceAgent agent) {
        return DB.jdbi().withHandle(h -> h.createQuery("select last_seen_at from device_agent where id = :id")
                .bind("id", agent.id()).mapTo(OffsetDateTime.class).one());
    }

    /** Whether the agent's {@code /api/agent/me} answers as expected within the time, asking every 20 ms. */
    private static boolean within(Duration limit, Api agent, Predicate<Reply> expected) {
        long end = System.nanoTime() + limit.toNanos();
        do {
            if (expected.test(agent.get("/api/agent/me"))) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } while (System.nanoTime() < end);
        return false;
    }
}
