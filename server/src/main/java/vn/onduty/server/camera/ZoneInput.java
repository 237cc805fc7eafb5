package vn.onduty.server.camera;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/** A zone to add to a camera: the counter whose seat it is, and its polygon (see {@link Polygons}). */
public record ZoneInput(@NotNull Long counterId, @NotNull List<List<Double>> polygon) {}
