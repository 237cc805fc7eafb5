package vn.onduty.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationParsingException;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.logging.common.AbstractAppenderFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import vn.onduty.server.ingest.RoutineAgentRequests;

/** Every section of config.yml is checked at start-up, and a refusal names the key. */
class OnDutyConfigurationTest {

    private final YamlConfigurationFactory<OnDutyConfiguration> factory =
            new YamlConfigurationFactory<>(OnDutyConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @Test
    void aCameraSettingOutOfRangeIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> read("camera:\n  snapshotLifetime: 30 seconds\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("camera.snapshotLifetime must be at least 1 minute");
    }

    @Test
    void aMailPortOutOfRangeIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> read("mail:\n  port: 70000\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("mail.port");
    }

    @Test
    void aDeviceTimeHorizonOfLessThanADayIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> read("deviceTime:\n  horizon: 2 hours\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("deviceTime.horizon must be at least 1 day");
        assertThatThrownBy(() -> read("deviceTime:\n  maxAhead: 2 days\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("deviceTime.maxAhead must be at most 1 day");
    }

    @Test
    void aReplicaUrlThatIsNoPostgresJdbcUrlIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> read("database:\n  readUrl: postgres://replica:5432/onduty\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("database.readUrl must be empty or the PostgreSQL JDBC URL of a streaming replica");
    }

    @Test
    void aBackupKeepingNoCopyIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> read("backup:\n  keep: 0\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("backup.keep must be at least 1");
    }

    @Test
    void aNightlyBackupTimeThatIsNoTimeOfDayIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> read("backup:\n  at: \"25:00\"\n"))
                .isInstanceOf(ConfigurationParsingException.class)
                .hasMessageContaining("backup.at");
        assertThatThrownBy(() -> read("backup:\n  zone: Asia/Hue\n"))
                .isInstanceOf(ConfigurationParsingException.class)
                .hasMessageContaining("backup.zone");
    }

    /** The shipped config.yml, with its ${VAR:-default}s as a fresh installation has them, reads and validates. */
    @Test
    void parallelAttendanceGroupsOutOfRangeOrBeyondThePoolAreRefusedNamingTheKeys() {
        assertThatThrownBy(() -> read("attendance:\n  parallelGroups: 0\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("attendance.parallelGroups");
        assertThatThrownBy(() -> read("database:\n  maxPoolSize: 4\nattendance:\n  parallelGroups: 4\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("attendance.parallelGroups must be less than database.maxPoolSize");
    }

    @Test
    void theShippedConfigurationReadsWithItsDefaults() throws Exception {
        String shipped = new EnvironmentVariableSubstitutor(false).replace(
                Files.readString(Path.of("..", "config.yml"), StandardCharsets.UTF_8));
        OnDutyConfiguration config = read(shipped);
        assertThat(config.getBackup().isNightly()).isTrue();
        assertThat(config.getBackup().getKeep()).isEqualTo(7);
        assertThat(config.getBackup().getAt()).isEqualTo(LocalTime.of(2, 30));
        assertThat(config.getSecrets().getKey()).as("ONDUTY_SECRET_KEY unset").isEmpty();
        assertThat(config.getSecrets().getKeyFile()).as("the key beside the embedded database").isNull();
        assertThat(config.getDeviceTime().getHorizon()).isEqualTo(java.time.Duration.ofDays(40));
        assertLeavesRoutineAgentRequestsOutOfTheRequestLog(config);
    }

    /** The demo's configuration (./onduty demo) reads too, and logs requests as config.yml does. */
    @Test
    void theDemoConfigurationReadsAndLogsRequestsAsTheShippedOne() throws Exception {
        OnDutyConfiguration demo = read(new EnvironmentVariableSubstitutor(false).replace(
                Files.readString(Path.of("..", "demo.yml"), StandardCharsets.UTF_8)));
        assertLeavesRoutineAgentRequestsOutOfTheRequestLog(demo);
    }

    private static void assertLeavesRoutineAgentRequestsOutOfTheRequestLog(OnDutyConfiguration config) {
        var requestLog = (LogbackAccessRequestLogFactory)
                ((AbstractServerFactory) config.getServerFactory()).getRequestLogFactory();
        assertThat(requestLog.getAppenders()).singleElement().satisfies(a -> assertThat(
                ((AbstractAppenderFactory<?>) a).getFilterFactories())
                .as("agents' routine requests left out of the request log (RequestLogIT)")
                .singleElement().isInstanceOf(RoutineAgentRequests.class));
    }

    private OnDutyConfiguration read(String yaml) throws Exception {
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "config.yml");
    }
}
