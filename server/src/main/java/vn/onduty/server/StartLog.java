package vn.onduty.server;

import io.dropwizard.lifecycle.ServerLifecycleListener;
import java.util.function.BooleanSupplier;
import ch.qos.logback.access.jetty.RequestLogImpl;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start log as the person who started the server reads it: one line per thing that started and where it
 * listens, and a last line that says what to do next. On a database without an administrator nobody can sign in,
 * so the last line names the command that creates one. (The framework's own start-up lines, every route among
 * them, are at DEBUG: {@code logging.loggers} in config.yml.) The end-to-end tests and the benchmarks wait for the
 * lines "Embedded PostgreSQL ready on port N" and "Web pages and API listening on": keep those words.
 */
final class StartLog implements ServerLifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger("vn.onduty.server.Start");

    private final BooleanSupplier hasAdministrator;

    StartLog(BooleanSupplier hasAdministrator) {
        this.hasAdministrator = hasAdministrator;
    }

    static void migrations(int applied) {
        if (applied == 0) {
            LOG.info("Database schema up to date");
        } else {
            LOG.info("Database schema: {} changes applied, now up to date", applied);
        }
    }

    /** The URL without its parameters: they may hold a password. */
    static void externalDatabase(String url, String user) {
        int q = url.indexOf('?');
        LOG.info("Database: PostgreSQL at {} as {}", q < 0 ? url : url.substring(0, q), user);
    }

    /**
     * Keeps logback-access from printing its status lines (the versions it found) on the console at every start:
     * Dropwizard builds the request log without its quiet switch. Problems still reach the status manager.
     */
    static LifeCycle.Listener quietRequestLog() {
        return new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server && server.getRequestLog() instanceof RequestLogImpl log) {
                    log.setQuiet(true);
                }
            }
        };
    }

    @Override
    public void serverStarted(Server server) {
        String web = null;
        for (Connector c : server.getConnectors()) {
            if (c instanceof NetworkConnector n) {
                String host = n.getHost() == null ? "0.0.0.0" : n.getHost();
                boolean admin = "admin".equals(c.getName());
                String url = "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + n.getLocalPort() + "/";
                LOG.info("{} listening on {}:{} ({})", admin ? "Admin port (health checks, metrics)" : "Web pages and API",
                        host, n.getLocalPort(), url);
                if (!admin && web == null) {
                    web = url;
                }
            }
        }
        LOG.info(lastLine(web, hasAdministrator.getAsBoolean()));
    }

    /** What the last line says: where to sign in, or, with no administrator yet, how to create one. */
    static String lastLine(String webUrl, boolean hasAdministrator) {
        if (hasAdministrator) {
            return "OnDuty is ready: sign in at " + webUrl + "login";
        }
        return "OnDuty is running but has no administrator yet, so nobody can sign in. Create the first one with "
                + "./onduty create-admin [this server's config file] --username NAME, then sign in at " + webUrl + "login";
    }
}
