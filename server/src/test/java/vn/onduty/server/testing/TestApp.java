package vn.onduty.server.testing;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import vn.onduty.server.OnDutyApplication;
import vn.onduty.server.OnDutyConfiguration;

/**
 * Runs the real application from {@code test-config.yml} (random ports, bcrypt cost 4, quiet logs)
 * against a test class's own database, which it migrates at start exactly as in production.
 */
public final class TestApp {

    public static final String CONFIG = ResourceHelpers.resourceFilePath("test-config.yml");

    private TestApp() {}

    public static DropwizardAppExtension<OnDutyConfiguration> on(TestDatabase db, ConfigOverride... extra) {
        return new DropwizardAppExtension<>(OnDutyApplication.class, CONFIG, overrides(db, extra));
    }

    /** For tests that start and stop the application themselves, e.g. several instances at once. */
    public static DropwizardTestSupport<OnDutyConfiguration> support(TestDatabase db, ConfigOverride... extra) {
        return new DropwizardTestSupport<>(OnDutyApplication.class, CONFIG, overrides(db, extra));
    }

    private static ConfigOverride[] overrides(TestDatabase db, ConfigOverride... extra) {
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("database.url", db.url()),
                ConfigOverride.config("database.user", db.user()),
                ConfigOverride.config("database.password", db.password())));
        all.addAll(Arrays.asList(extra));
        return all.toArray(ConfigOverride[]::new);
    }
}
