package vn.onduty.server.camera;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/** A zone's new outline; its counter stays (a zone of another counter is another zone). */
public record ZonePolygon(@NotNull List<List<Double>> polygon) {}
