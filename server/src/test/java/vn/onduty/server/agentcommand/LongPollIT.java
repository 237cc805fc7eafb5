package vn.onduty.server.agentcommand;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Fingerprints;
import vn.onduty.server.testing.Fingerprints.Sensor;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.Scrape;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Long polling of {@code GET /api/agent/commands?wait=N} with two server instances on one database: a poll held on
 * one is woken by a command queued on the other (PostgreSQL NOTIFY), and a poll answers at once as before when it
 * does not ask to wait or has work already.
 */
class LongPollIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(LongPollIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> FIRST = TestApp.on(DB);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> SECOND = TestApp.on(DB);

    static Api admin;
    static DeviceAgent agent;
    static Sensor sensor;
    static long staffId;
    static Long openCommand;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(FIRST).loggedInAs("quantri", "admin-password-1");
        long site = aSite().create(admin).id();
        long department = aDepartment().create(admin).id();
        staffId = aStaff(department, site).create(admin).id();
        agent = DeviceAgent.register(FIRST, admin, site);
        sensor = Fingerprints.sensor(admin, agent, "cua-chinh");
    }

    @AfterEach
    void cancelTheCommand() {
        if (openCommand != null) {
            assertThat(admin.post("/api/agent-commands/" + openCommand + "/cancel", null).status()).isEqualTo(200);
            openCommand = null;
        }
    }

    @Test
    void commandQueuedOnOneInstanceReachesAPollHeldOnTheOtherWithinASecond() throws Exception {
        Api agentOnSecond = Api.at(SECOND).as(agent.token());
        CompletableFuture<Reply> poll = CompletableFuture.supplyAsync(() -> agentOnSecond.get("/api/agent/commands?wait=20"));
        awaitHeldPolls(SECOND, 1);

        openCommand = Fingerprints.requestEnrollment(admin, sensor, staffId);
        long queued = System.nanoTime();
        Reply answer = poll.get(30, TimeUnit.SECONDS);
        Duration reached = Duration.ofNanos(System.nanoTime() - queued);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode commands = answer.json().get("commands");
        assertThat(commands).hasSize(1);
        assertThat(commands.get(0).get("id").asLong()).isEqualTo(openCommand);
        assertThat(commands.get(0).get("type").asText()).isEqualTo("enroll");
        // A poll whose wait runs out answers an empty list without looking: this one was woken by the queueing.
        assertThat(reached).as("from the admin's 202 on the first instance to the agent's answer on the second")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(scrape(SECOND).value("onduty_agent_command_polls_held")).isZero();
    }

    @Test
    void anIdleAgentsPollsAskNothingUntilACommandIsQueuedForItOnEitherInstance() {
        Api agentOnFirst = Api.at(FIRST).as(agent.token());
        assertThat(agentOnFirst.get("/api/agent/commands?wait=1").json().get("commands")).isEmpty();
        double looks = scrape(FIRST).value("onduty_agent_command_looks");

        assertThat(agentOnFirst.get("/api/agent/commands?wait=1").json().get("commands")).isEmpty();
        assertThat(scrape(FIRST).value("onduty_agent_command_looks")).as("the agent is known quiet").isEqualTo(looks);

        // Queued on the other instance while the agent is between polls: its next poll on the first must not wait.
        openCommand = Fingerprints.requestEnrollment(Api.at(SECOND).loggedInAs("quantri", "admin-password-1"), sensor,
                staffId);
        long queued = System.nanoTime();
        Reply answer = agentOnFirst.get("/api/agent/commands?wait=20");

        assertThat(answer.json().get("commands")).as("handed over, not held for the wait").hasSize(1);
        assertThat(answer.json().get("commands").get(0).get("id").asLong()).isEqualTo(openCommand);
        assertThat(Duration.ofNanos(System.nanoTime() - queued)).isLessThan(Duration.ofSeconds(5));
        assertThat(scrape(FIRST).value("onduty_agent_command_looks")).isGreaterThan(looks);
    }

    @Test
    void pollWithWorkWaitingIsAnsweredAtOnceWithIt() {
        openCommand = Fingerprints.requestEnrollment(admin, sensor, staffId);

        Reply answer = agent.api().get("/api/agent/commands?wait=20");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("commands").get(0).get("id").asLong()).isEqualTo(openCommand);
    }

    @Test
    void pollWithNothingToDoIsHeldForItsWaitAndAnsweredEmpty() {
        long start = System.nanoTime();

        Reply answer = Api.at(SECOND).as(agent.token()).get("/api/agent/commands?wait=1");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("commands")).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("held for its wait").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void pollWithoutWaitIsAnsweredAtOnceAsOlderAgentsExpect() {
        Reply answer = agent.api().get("/api/agent/commands");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("commands")).isEmpty();
    }

    @Test
    void waitOutsideItsRangeIsRefusedNamingTheParameter() {
        Reply negative = agent.api().get("/api/agent/commands?wait=-1");
        Reply words = agent.api().get("/api/agent/commands?wait=soon");

        assertThat(negative.status()).isEqualTo(422);
        assertThat(negative.body()).contains("wait");
        assertThat(words.status()).isEqualTo(400);
        assertThat(words.body()).contains("wait");
    }

    @Test
    void bothInstancesListenForQueuedCommands() {
        assertThat(scrape(FIRST).value("onduty_agent_command_notifications_listening")).isEqualTo(1);
        assertThat(scrape(SECOND).value("onduty_agent_command_notifications_listening")).isEqualTo(1);
    }

    private static Scrape scrape(DropwizardAppExtension<OnDutyConfiguration> app) {
        return Scrape.of(Api.at(app.getAdminPort()).get("/metrics"));
    }

    /** Until the instance holds that many polls (bounded): queueing before the poll is held would prove nothing. */
    private static void awaitHeldPolls(DropwizardAppExtension<OnDutyConfiguration> app, int count) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (scrape(app).value("onduty_agent_command_polls_held") < count) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the poll was not held within 15 s");
            }
            Thread.sleep(20);
        }
    }
}
