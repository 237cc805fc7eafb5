package vn.onduty.server.agentcommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.onduty.server.OnDutyConfiguration;

/** The {@code agentCommands} section: its default, and a start-up refusal that names the key. */
class AgentCommandConfigurationTest {

    private final YamlConfigurationFactory<OnDutyConfiguration> factory =
            new YamlConfigurationFactory<>(OnDutyConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @Test
    void commandsExpireAfterTenMinutesUnlessConfigured() throws Exception {
        assertThat(read("defaultLanguage: vi\n").getAgentCommands().getExpireAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(read("agentCommands:\n  expireAfter: 30 minutes\n").getAgentCommands().getExpireAfter())
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void anExpiryShorterThanAMinuteIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> read("agentCommands:\n  expireAfter: 20 seconds\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("agentCommands.expireAfter must be at least 1 minute");
        assertThatThrownBy(() -> read("agentCommands:\n  expireAfter: 2 days\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("agentCommands.expireAfter must be at most 1 day");
    }

    private OnDutyConfiguration read(String yaml) throws Exception {
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "config.yml");
    }
}
