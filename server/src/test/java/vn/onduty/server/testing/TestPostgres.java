package vn.onduty.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import vn.onduty.server.db.EmbeddedCredentials;
import vn.onduty.server.db.EmbeddedPostgresServer;

/**
 * The one embedded PostgreSQL of a test JVM, started on first use with the production start-up code
 * in a temporary data directory (asking for passwords, which are beside it), stopped and removed by a shutdown hook. Each test class asks it for a
 * {@link #freshDatabase fresh, empty database}; the application under test migrates it itself.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server;

    private TestPostgres() {}

    /** A new empty database named after the test class, e.g. {@code it_authit_3}. */
    public static TestDatabase freshDatabase(Class<?> testClass) {
        EmbeddedPostgresServer pg = server();
        String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String name = "it_" + base.substring(0, Math.min(base.length(), 40)) + "_" + DATABASES.incrementAndGet();
        pg.createDatabaseIfMissing(name);
        return new TestDatabase(name, pg.jdbcUrl(name), pg.user(), pg.password());
    }

    private static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            Path dataDirectory = temporaryDirectory();
            EmbeddedPostgresServer started = EmbeddedPostgresServer.start(dataDirectory, 0, "postgres", false);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                awaitShutdown(dataDirectory);
                deleteQuietly(dataDirectory);
                deleteQuietly(EmbeddedCredentials.fileFor(dataDirectory));
            }, "test-postgres-cleanup"));
            server = started;
        }
        return server;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("onduty-test-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The server's own shutdown hook may be the one stopping it, concurrently with ours: PostgreSQL
     * removes postmaster.pid last, so wait for that before deleting its files under it.
     */
    private static void awaitShutdown(Path dataDirectory) {
        Path pid = dataDirectory.resolve("postmaster.pid");
        for (int i = 0; i < 100 && Files.exists(pid); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort at JVM exit; the directory is under the system temp folder anyway.
        }
    }
}
