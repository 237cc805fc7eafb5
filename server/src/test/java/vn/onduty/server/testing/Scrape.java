package vn.onduty.server.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of {@code GET /metrics} in Prometheus's text format, read the way Prometheus reads it: each sample
 * line {@code name{labels} value}, comments skipped. Samples are looked up by their exact series text,
 * e.g. {@code onduty_cameras{state="streaming"}}.
 */
public record Scrape(String text, Map<String, Double> samples) {

    public static Scrape of(Reply reply) {
        if (reply.status() != 200) {
            throw new AssertionError("GET /metrics answered " + reply);
        }
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : reply.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int cut = line.lastIndexOf(' ');
            samples.put(line.substring(0, cut), number(line.substring(cut + 1)));
        }
        return new Scrape(reply.body(), samples);
    }

    /** Prometheus writes infinities as +Inf and -Inf, which Java does not read. */
    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The sample's value; a series not in the answer fails the test, naming what was there. */
    public double value(String series) {
        Double v = samples.get(series);
        if (v == null) {
            throw new AssertionError("No series " + series + " in /metrics; series of that name: "
                    + samples.keySet().stream().filter(k -> k.startsWith(series.replaceAll("\\{.*", ""))).toList());
        }
        return v;
    }

    /** The value, or 0 for a series not (yet) reported: a labelled counter appears with its first event. */
    public double valueOrZero(String series) {
        return samples.getOrDefault(series, 0.0);
    }
}
