package vn.onduty.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM whose output is appended to a log file, which a test can wait on for a line. A file
 * rather than a pipe: the child never blocks on a full pipe nobody reads, several runs of the same
 * program (restarts) follow each other in one log, and the log is there to read when a test fails.
 */
final class LoggedProcess {

    private final Process process;
    private final Path log;
    private final long logOffset;

    private LoggedProcess(Process process, Path log, long logOffset) {
        this.process = process;
        this.log = log;
        this.logOffset = logOffset;
    }

    static LoggedProcess start(ProcessBuilder builder, Path log) {
        try {
            Files.createDirectories(log.getParent());
            long offset = Files.exists(log) ? Files.size(log) : 0;
            Files.writeString(log, "=== " + String.join(" ", builder.command()) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return new LoggedProcess(builder.start(), log, offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
    }

    /** The java of the JVM running the tests, so children run on the same version. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /**
     * Waits until this run of the process has written a line matching {@code pattern}.
     *
     * @throws IllegalStateException when the process ends first or the time runs out, with the log's tail
     */
    Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : linesOfThisRun()) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("process " + pid() + " exited with " + process.exitValue()
                        + " before printing /" + pattern + "/; log " + log + ":\n" + tail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no /" + pattern + "/ from process " + pid() + " within "
                        + timeout.toSeconds() + " s; log " + log + ":\n" + tail(40));
            }
            Thread.sleep(100);
        }
    }

    /** Whether this run of the process has written a line matching {@code pattern} yet. */
    boolean hasPrinted(Pattern pattern) {
        return linesOfThisRun().stream().anyMatch(line -> pattern.matcher(line).find());
    }

    /** SIGKILL (that is what {@link Process#destroyForcibly()} sends on Linux), then waits for the end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + pid() + " survived SIGKILL for 30 s");
        }
    }

    /**
     * SIGTERM, so the program's shutdown hooks run, then SIGKILL if it has not ended within {@code grace}.
     *
     * @return whether it ended on SIGTERM
     */
    boolean stop(Duration grace) throws InterruptedException {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        kill();
        return false;
    }

    String tail(int lines) {
        List<String> all = linesOfThisRun();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private List<String> linesOfThisRun() {
        try {
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(logOffset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
