package vn.onduty.server.camera;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * A zone's polygon: 3-32 points [x, y] in normalised image coordinates (x to the right, y down,
 * both 0..1), checked so the agent can trust it: every point inside the image, no two edges crossing,
 * and some area enclosed.
 */
public final class Polygons {

    public static final int MIN_POINTS = 3;
    public static final int MAX_POINTS = 32;
    /** A zone smaller than this share of the image (0.01 %) cannot hold a seat. */
    static final double MIN_AREA = 0.0001;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Polygons() {}

    /** The problems with a polygon, each starting with the field name; empty when it is valid. */
    public static List<String> problems(String field, List<List<Double>> polygon) {
        List<String> problems = new ArrayList<>();
        if (polygon == null) {
            problems.add(field + ": is required, e.g. [[0.05,0.30],[0.20,0.30],[0.20,0.80],[0.05,0.80]]");
            return problems;
        }
        if (polygon.size() < MIN_POINTS || polygon.size() > MAX_POINTS) {
            problems.add(field + ": must have " + MIN_POINTS + " to " + MAX_POINTS + " points, not " + polygon.size());
            return problems;
        }
        for (int i = 0; i < polygon.size(); i++) {
            List<Double> p = polygon.get(i);
            if (p == null || p.size() != 2 || p.get(0) == null || p.get(1) == null
                    || !inUnit(p.get(0)) || !inUnit(p.get(1))) {
                problems.add(field + "[" + i + "]: must be [x, y] with x and y from 0 to 1");
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        int n = polygon.size();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (adjacent(i, j, n)) {
                    continue;
                }
                if (cross(polygon.get(i), polygon.get((i + 1) % n), polygon.get(j), polygon.get((j + 1) % n))) {
                    problems.add(field + ": edges " + i + " and " + j + " cross; draw the points in order around the seat");
                    return problems;
                }
            }
        }
        if (Math.abs(area(polygon)) < MIN_AREA) {
            problems.add(field + ": encloses no area; the points must go around the seat");
        }
        return problems;
    }

    /** The shoelace formula: positive or negative by the direction the points go round. */
    static double area(List<List<Double>> polygon) {
        double sum = 0;
        int n = polygon.size();
        for (int i = 0; i < n; i++) {
            List<Double> a = polygon.get(i);
            List<Double> b = polygon.get((i + 1) % n);
            sum += a.get(0) * b.get(1) - b.get(0) * a.get(1);
        }
        return sum / 2;
    }

    public static String toJson(List<List<Double>> polygon) {
        try {
            return JSON.writeValueAsString(polygon);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<List<Double>> fromJson(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<List<Double>>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored polygon is not [[x, y], ...]: " + json, e);
        }
    }

    private static boolean inUnit(double v) {
        return Double.isFinite(v) && v >= 0 && v <= 1;
    }

    private static boolean adjacent(int i, int j, int n) {
        return j == i + 1 || (i == 0 && j == n - 1);
    }

    /** Whether segments ab and cd share a point (touching counts: a zone's outline must not touch itself). */
    private static boolean cross(List<Double> a, List<Double> b, List<Double> c, List<Double> d) {
        double d1 = orient(c, d, a);
        double d2 = orient(c, d, b);
        double d3 = orient(a, b, c);
        double d4 = orient(a, b, d);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
            return true;
        }
        return (d1 == 0 && onSegment(c, d, a)) || (d2 == 0 && onSegment(c, d, b))
                || (d3 == 0 && onSegment(a, b, c)) || (d4 == 0 && onSegment(a, b, d));
    }

    private static double orient(List<Double> p, List<Double> q, List<Double> r) {
        return (q.get(0) - p.get(0)) * (r.get(1) - p.get(1)) - (q.get(1) - p.get(1)) * (r.get(0) - p.get(0));
    }

    private static boolean onSegment(List<Double> p, List<Double> q, List<Double> r) {
        return Math.min(p.get(0), q.get(0)) <= r.get(0) && r.get(0) <= Math.max(p.get(0), q.get(0))
                && Math.min(p.get(1), q.get(1)) <= r.get(1) && r.get(1) <= Math.max(p.get(1), q.get(1));
    }
}
