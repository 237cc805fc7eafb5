package vn.onduty.server.testing;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import vn.onduty.server.OnDutyApplication;
import vn.onduty.server.OnDutyConfiguration;

/**
 * Runs the real application from {@code test-config.yml} (random ports, bcrypt cost 4, quiet logs)
 * against a test class's own database, which it migrates at start exactly as in production.
 * Each instance reads its overrides under its own system-property prefix, so several instances in
 * one JVM never see each other's settings.
 */
public final class TestApp {

    public static final String CONFIG = ResourceHelpers.resourceFilePath("test-config.yml");
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private TestApp() {}

    public static DropwizardAppExtension<OnDutyConfiguration> on(TestDatabase db) {
        return on(db, Map.of());
    }

    /** With further settings, e.g. {@code Map.of("auth.maxFailedLogins", "3")}. */
    public static DropwizardAppExtension<OnDutyConfiguration> on(TestDatabase db, Map<String, String> settings) {
        return new DropwizardAppExtension<>(support(CONFIG, withDatabase(db, settings)));
    }

    /** From another configuration file among the test resources, against the test class's database. */
    public static DropwizardAppExtension<OnDutyConfiguration> on(TestDatabase db, String configResource) {
        return new DropwizardAppExtension<>(support(ResourceHelpers.resourceFilePath(configResource),
                withDatabase(db, Map.of())));
    }

    /** A file the application under test will write (a log), removed first so that a test reads only this run's. */
    public static Path removed(String file) {
        Path path = Path.of(file);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    /** For tests that start and stop the application themselves, e.g. several instances at once. */
    public static DropwizardTestSupport<OnDutyConfiguration> support(TestDatabase db) {
        return support(CONFIG, withDatabase(db, Map.of()));
    }

    /** Another configuration file, with exactly the given overrides (no database ones). */
    public static DropwizardTestSupport<OnDutyConfiguration> support(String configPath, Map<String, String> settings) {
        String prefix = "onduty-test-" + INSTANCES.incrementAndGet() + ".";
        ConfigOverride[] overrides = settings.entrySet().stream()
                .map(e -> ConfigOverride.config(prefix, e.getKey(), e.getValue()))
                .toArray(ConfigOverride[]::new);
        return new DropwizardTestSupport<>(OnDutyApplication.class, configPath, prefix, overrides);
    }

    private static Map<String, String> withDatabase(TestDatabase db, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("database.url", db.url());
        all.put("database.user", db.user());
        all.put("database.password", db.password());
        all.putAll(settings);
        return all;
    }
}
