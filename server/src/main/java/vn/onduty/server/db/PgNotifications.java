package vn.onduty.server.db;

import io.dropwizard.lifecycle.Managed;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's LISTEN/NOTIFY for the server: one connection of its own listens to the channels subscribed to and
 * hands each notification's payload to the channel's listeners, whichever server instance on the database sent it.
 * When the connection is lost it reconnects every few seconds; notifications sent meanwhile are lost, so each
 * listener is told {@link Listener#reconnected()} and must look again at what it waits for.
 * Listeners run on the listening thread: they must return at once (hand work to their own threads).
 */
public final class PgNotifications implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(PgNotifications.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_]{1,63}");
    private static final long RETRY_MILLIS = 3_000;

    /** A subscriber of one channel. */
    public interface Listener {
        void notified(String payload);

        /** Listening (again) after the connection was opened: anything sent before may have been missed. */
        void reconnected();
    }

    /** Opens a connection to the server's database, not from the pool: it is held for as long as the server runs. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final ConnectionSource connections;
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile boolean listening;
    private Thread thread;

    public PgNotifications(ConnectionSource connections) {
        this.connections = connections;
    }

    /** Before {@link #start()}. */
    public void subscribe(String channel, Listener listener) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("A channel name is 1-63 of a-z and _: " + channel);
        }
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Whether the connection is open and listening now. */
    public boolean listening() {
        return listening;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "pg-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    private void run() {
        String trouble = null;
        while (running) {
            try (Connection c = connections.open()) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    for (String channel : listeners.keySet()) {
                        st.execute("listen " + channel);
                    }
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                listening = true;
                if (trouble != null) {
                    LOG.info("Listening to PostgreSQL notifications again");
                    trouble = null;
                }
                listeners.values().forEach(list -> list.forEach(PgNotifications::reconnected));
                while (running) {
                    PGNotification[] received = pg.getNotifications(1_000);
                    if (received != null) {
                        for (PGNotification n : received) {
                            for (Listener l : listeners.getOrDefault(n.getName(), List.of())) {
                                deliver(l, n.getParameter());
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                listening = false;
                if (!running) {
                    return;
                }
                String problem = e.getMessage();
                if (!problem.equals(trouble)) {
                    LOG.warn("Listening to PostgreSQL notifications failed, retrying every {} s (long polls answer when "
                            + "their wait ends meanwhile): {}", RETRY_MILLIS / 1000, problem);
                }
                trouble = problem;
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
        listening = false;
    }

    private static void deliver(Listener l, String payload) {
        try {
            l.notified(payload);
        } catch (RuntimeException e) {
            LOG.error("A notification listener failed on {}", payload, e);
        }
    }

    private static void reconnected(Listener l) {
        try {
            l.reconnected();
        } catch (RuntimeException e) {
            LOG.error("A notification listener failed after reconnecting", e);
        }
    }
}
