package vn.onduty.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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

    private OnDutyConfiguration read(String yaml) throws Exception {
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "config.yml");
    }
}
