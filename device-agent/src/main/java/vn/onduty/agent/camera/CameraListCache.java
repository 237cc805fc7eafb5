package vn.onduty.agent.camera;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last camera list the server gave, kept on disk so that an agent started while the server cannot be
 * reached watches its cameras at once instead of nothing. One file, {@code camera-list.json} in the camera
 * data directory: {@code {"format": 1, "savedAt": "…", "answer": <the server's answer as it came>}}.
 *
 * <p>The answer holds the cameras' usernames and passwords, so the file is created readable and writable by
 * the agent's user only (0600), and a file found with wider permissions is narrowed before it is read. It is
 * written to a temporary file (created 0600), fsync'ed, moved over the old one and the directory fsync'ed:
 * after a crash or power cut it is the old list or the new one, never half of either. A file that cannot be
 * read, or is of another format, is ignored with a warning that says so: the agent then waits for the server
 * as it would without a copy.
 */
public final class CameraListCache {

    public static final String FILE_NAME = "camera-list.json";
    /** The shape of the file; a file of another format is ignored, never guessed at. */
    public static final int FORMAT = 1;

    private static final Logger log = LoggerFactory.getLogger(CameraListCache.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    /** @param dir the camera data directory ({@code camera.dataDir}); created on the first save */
    public CameraListCache(Path dir, Clock clock) {
        this.file = dir.resolve(FILE_NAME);
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** The list kept on disk; empty when there is none or it cannot be used (logged with the reason). */
    public Optional<CameraList> load() {
        byte[] bytes;
        try {
            narrowPermissions();
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return ignored("it cannot be read: " + e);
        }
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (IOException e) {
            return ignored("it is not JSON, perhaps cut short: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            return ignored("it is empty or not a JSON object");
        }
        JsonNode format = root.path("format");
        if (format.isMissingNode()) {
            return ignored("it has no format, so it was not written by this agent");
        }
        if (!format.isInt() || format.asInt() != FORMAT) {
            return ignored("it is of format " + format + " and this agent reads format " + FORMAT);
        }
        try {
            CameraList list = CameraList.parse(root.path("answer"));
            log.info("Camera list version {} kept on disk since {}: {} camera(s)", list.version(),
                    root.path("savedAt").asText("?"), list.cameras().size());
            return Optional.of(list);
        } catch (IllegalArgumentException e) {
            return ignored("it holds a camera list the agent cannot use: " + e.getMessage());
        }
    }

    /**
     * Keeps {@code answer} (the server's body of {@code GET /api/agent/cameras}) in place of the list kept
     * before, durably, readable by the agent's user only.
     *
     * @throws UncheckedIOException when the disk refuses; the list kept before, if any, is then still whole
     */
    public void save(JsonNode answer) {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("savedAt", clock.instant().toString());
        root.set("answer", answer);
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(tmp);
            try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnly())) {
                ByteBuffer buffer = ByteBuffer.wrap(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(file.getParent());
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new UncheckedIOException("cannot keep the camera list in " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    private Optional<CameraList> ignored(String why) {
        log.warn("The camera list kept in {} is ignored ({}); the cameras start when the server answers",
                file.toAbsolutePath(), why);
        return Optional.empty();
    }

    /** A copy made by hand, or by an older agent, may be readable by others: it holds passwords. */
    private void narrowPermissions() throws IOException {
        if (!posix() || !Files.exists(file)) {
            return;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
        if (!now.equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            log.warn("The camera list {} was {}, it holds camera passwords: narrowed to rw------- (0600)",
                    file.toAbsolutePath(), PosixFilePermissions.toString(now));
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Makes the rename itself durable; not every system lets a directory be opened (Windows), which is fine there. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            log.debug("Cannot fsync the directory {}: {}", dir, e.toString());
        }
    }
}
