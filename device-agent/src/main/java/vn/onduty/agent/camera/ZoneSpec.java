package vn.onduty.agent.camera;

import java.util.List;

/**
 * One counter seat as the server describes it in {@code GET /api/agent/cameras}: a polygon of 3-32
 * points in normalised image coordinates, and whether the server holds a calibration for it.
 */
public record ZoneSpec(long id, long counterId, String counterName, List<Point> polygon, boolean calibrated) {

    /** A polygon corner: x to the right, y down, both 0..1 of the image. */
    public record Point(double x, double y) {
    }

    public ZoneSpec {
        polygon = List.copyOf(polygon);
        if (polygon.size() < 3 || polygon.size() > 32) {
            throw new IllegalArgumentException("zone " + id + ": polygon needs 3-32 points, got " + polygon.size());
        }
        for (Point p : polygon) {
            if (!(p.x() >= 0 && p.x() <= 1 && p.y() >= 0 && p.y() <= 1)) {
                throw new IllegalArgumentException("zone " + id + ": polygon point " + p + " is outside 0..1");
            }
        }
    }

    /** An axis-aligned rectangle, as the demo's zones are. */
    public static ZoneSpec rectangle(long id, long counterId, String counterName, double x0, double y0, double x1,
                                     double y1, boolean calibrated) {
        return new ZoneSpec(id, counterId, counterName,
                List.of(new Point(x0, y0), new Point(x1, y0), new Point(x1, y1), new Point(x0, y1)), calibrated);
    }
}
