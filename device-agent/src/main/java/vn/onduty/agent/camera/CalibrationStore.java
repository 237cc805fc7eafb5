package vn.onduty.agent.camera;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each zone's empty-seat reference in the agent's data directory and nowhere else: a small
 * grayscale PGM ({@code camera-3-zone-11.pgm}, viewable by an installer) beside its statistics
 * ({@code camera-3-zone-11.properties}). Written to a temporary file and moved into place, so a crash
 * never leaves half a reference.
 */
public final class CalibrationStore {

    private static final Logger log = LoggerFactory.getLogger(CalibrationStore.class);

    private final Path dir;

    public CalibrationStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Optional<ZoneCalibration> load(long cameraId, long zoneId) {
        Path image = file(cameraId, zoneId, "pgm");
        Path stats = file(cameraId, zoneId, "properties");
        if (!Files.isRegularFile(image) || !Files.isRegularFile(stats)) {
            return Optional.empty();
        }
        try (InputStream pgm = Files.newInputStream(image); InputStream props = Files.newInputStream(stats)) {
            Properties p = new Properties();
            p.load(props);
            List<ZoneSpec.Point> polygon = new ArrayList<>();
            for (String point : p.getProperty("polygon").split(";")) {
                String[] xy = point.split(",");
                polygon.add(new ZoneSpec.Point(Double.parseDouble(xy[0]), Double.parseDouble(xy[1])));
            }
            return Optional.of(new ZoneCalibration(GrayImage.fromPgm(pgm), Double.parseDouble(p.getProperty("frameMean")),
                    polygon, Integer.parseInt(p.getProperty("samples")), Double.parseDouble(p.getProperty("mean")),
                    Double.parseDouble(p.getProperty("sd")), Double.parseDouble(p.getProperty("threshold")),
                    Instant.parse(p.getProperty("calibratedAt")),
                    p.getProperty("snapshotId") == null ? null : Long.valueOf(p.getProperty("snapshotId"))));
        } catch (IOException | RuntimeException e) {
            log.warn("Calibration of camera {} zone {} in {} is unreadable and is ignored: {}", cameraId, zoneId, dir, e.toString());
            return Optional.empty();
        }
    }

    public void save(long cameraId, long zoneId, ZoneCalibration calibration) {
        try {
            Files.createDirectories(dir);
            Properties p = new Properties();
            p.setProperty("frameMean", Double.toString(calibration.frameMean()));
            p.setProperty("samples", Integer.toString(calibration.samples()));
            p.setProperty("mean", Double.toString(calibration.mean()));
            p.setProperty("sd", Double.toString(calibration.sd()));
            p.setProperty("threshold", Double.toString(calibration.threshold()));
            p.setProperty("calibratedAt", calibration.calibratedAt().toString());
            if (calibration.snapshotId() != null) {
                p.setProperty("snapshotId", calibration.snapshotId().toString());
            }
            StringBuilder polygon = new StringBuilder();
            for (ZoneSpec.Point point : calibration.polygon()) {
                polygon.append(polygon.length() == 0 ? "" : ";")
                        .append(String.format(Locale.ROOT, "%s,%s", point.x(), point.y()));
            }
            p.setProperty("polygon", polygon.toString());
            writeAtomically(file(cameraId, zoneId, "pgm"), calibration.reference().toPgm());
            Path stats = file(cameraId, zoneId, "properties");
            Path tmp = stats.resolveSibling(stats.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "OnDuty empty-seat calibration of camera " + cameraId + " zone " + zoneId);
            }
            move(tmp, stats);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the calibration of camera " + cameraId + " zone " + zoneId
                    + " in " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private Path file(long cameraId, long zoneId, String extension) {
        return dir.resolve("camera-" + cameraId + "-zone-" + zoneId + "." + extension);
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        move(tmp, target);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
