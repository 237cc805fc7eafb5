package vn.onduty.server.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL a running server started on a data directory, found the way PostgreSQL's own tools find it: its
 * {@code postmaster.pid} names the process, the port and the address it listens on. A command run beside a
 * running server (a backup) connects there instead of starting a second PostgreSQL on the same files, which
 * PostgreSQL would refuse.
 */
public record RunningPostgres(long pid, int port, String host) {

    /** The postmaster of {@code dataDirectory}, when one is running; empty when the directory is not in use. */
    public static Optional<RunningPostgres> of(Path dataDirectory) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        // Line 1 the pid, 4 the port, 6 the first listen address (PostgreSQL's pidfile.h).
        if (lines.size() < 4) {
            return Optional.empty();
        }
        long pid;
        int port;
        try {
            pid = Long.parseLong(lines.get(0).strip());
            port = Integer.parseInt(lines.get(3).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            String listen = lines.size() >= 6 ? lines.get(5).strip() : "";
            String host = listen.isEmpty() || listen.equals("*") || listen.equals("0.0.0.0") ? "127.0.0.1" : listen;
            return Optional.of(new RunningPostgres(pid, port, host));
        }
        // A stale file left by a crash: PostgreSQL removes it itself at its next start.
        return Optional.empty();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }
}
