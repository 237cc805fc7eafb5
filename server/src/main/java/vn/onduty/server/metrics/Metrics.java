package vn.onduty.server.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.Servlet;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's metrics, served in Prometheus's text format at {@code /metrics} on the admin port: one registry
 * per application, the JVM's metrics, and the OnDuty families below. Features never see Prometheus: they are
 * handed a {@link LongConsumer} to count with, and what is a state of the database (agents online, cameras per
 * state, the attendance queue, the last backup) is a gauge read at scrape time from a service's method, added in
 * {@code OnDutyApplication.run()} with one line:
 * {@code metrics.gauge("onduty_agents_online", "Active agents heard from in the last 2 minutes", agents::countOnline)}.
 */
public final class Metrics {

    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter punchesIngested;
    private final Histogram requests;

    public Metrics() {
        JvmMetrics.builder().register(registry);
        punchesIngested = Counter.builder().name("onduty_punches_ingested_total")
                .help("Punches stored for the first time (a re-sent punch is not counted), by where they came from")
                .labelNames("source").withoutExemplars().register(registry);
        requests = Histogram.builder().name("onduty_http_request_duration_seconds")
                .help("API and web page requests: count (rate) and duration until the answer was written, by method, "
                        + "route template and status class")
                .labelNames("method", "route", "status").classicOnly().withoutExemplars().register(registry);
    }

    /** Counts the punches a source stores, e.g. {@code "agent"} (fingerprint sensors) or {@code "terminal"} (ZKTeco). */
    public LongConsumer punchesIngested(String source) {
        CounterDataPoint counter = punchesIngested.labelValues(source);
        return n -> counter.inc(n);
    }

    void request(String method, String route, int status, double seconds) {
        requests.labelValues(method, route, (status / 100) + "xx").observe(seconds);
    }

    /**
     * A gauge read when scraped. A reading that fails (the database is down) leaves this gauge out of that scrape
     * instead of failing the whole answer: the health check and the other metrics still say what is wrong.
     */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            double v;
            try {
                v = value.getAsDouble();
            } catch (RuntimeException e) {
                LOG.debug("Metric {} could not be read", name, e);
                return;
            }
            cb.call(v);
        }).register(registry);
    }

    /**
     * A gauge with one label, read when scraped, e.g. cameras per state. Every label value the supplier returns is
     * reported, zero included, so that an alert on one state sees 0 rather than nothing.
     */
    public void gauges(String name, String help, String label, Supplier<Map<String, ? extends Number>> values) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(label).callback(cb -> {
            Map<String, ? extends Number> read;
            try {
                read = values.get();
            } catch (RuntimeException e) {
                LOG.debug("Metric {} could not be read", name, e);
                return;
            }
            read.forEach((value, n) -> cb.call(n.doubleValue(), value));
        }).register(registry);
    }

    /** The {@code /metrics} servlet for the admin port. */
    public Servlet servlet() {
        return new PrometheusMetricsServlet(registry);
    }
}
