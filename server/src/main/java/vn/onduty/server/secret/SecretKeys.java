package vn.onduty.server.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the secrets key at start as {@link SecretsConfiguration} says, or makes it: only for the embedded
 * database, whose single server may generate its own; servers sharing an external database must share one key,
 * so there a missing key stops the start with what to set. A key file is one line of base64 (what
 * {@code openssl rand -base64 32} writes), readable by the server's user only: a wider one is narrowed.
 */
public final class SecretKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SecretKeys.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private SecretKeys() {}

    /**
     * @param embeddedDataDirectory the embedded database's data directory, or null with an external database
     * @throws IllegalStateException naming the setting to fix
     */
    public static SecretBox load(SecretsConfiguration config, Path embeddedDataDirectory) {
        byte[] current;
        if (!config.getKey().isEmpty()) {
            current = decode(config.getKey(), "secrets.key");
        } else {
            Path file = config.getKeyFile() != null ? config.getKeyFile()
                    : embeddedDataDirectory == null ? null : defaultFile(embeddedDataDirectory);
            if (file == null) {
                throw new IllegalStateException("secrets: no key to seal camera passwords with. With an external database "
                        + "set secrets.key (ONDUTY_SECRET_KEY) or secrets.keyFile to the same key on every server "
                        + "(make one with: openssl rand -base64 32)");
            }
            if (!Files.exists(file) && embeddedDataDirectory != null) {
                generate(file);
            }
            current = read(file, "secrets.keyFile");
        }
        List<byte[]> previous = new ArrayList<>();
        for (Path file : config.getPreviousKeyFiles()) {
            previous.add(read(file, "secrets.previousKeyFiles"));
        }
        return new SecretBox(current, previous);
    }

    /** {@code data/postgres} keeps its key in {@code data/postgres.key}: beside the data, not in it. */
    public static Path defaultFile(Path dataDirectory) {
        Path absolute = dataDirectory.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + ".key");
    }

    private static void generate(Path file) {
        byte[] key = new byte[SecretBox.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            LOG.info("Generated the key that seals camera passwords: {} (keep it with the database's backups)", file);
        } catch (FileAlreadyExistsException e) {
            // Another start made it at the same moment: use theirs.
        } catch (IOException e) {
            throw new IllegalStateException("secrets.keyFile: cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, String setting) {
        try {
            narrow(file);
            return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), setting + " (" + file + ")");
        } catch (IOException e) {
            throw new IllegalStateException(setting + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void narrow(Path file) throws IOException {
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(now)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
                LOG.warn("{} was readable by others ({}); narrowed to the server's user only", file,
                        PosixFilePermissions.toString(now));
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its access rules are the administrator's.
        }
    }

    private static byte[] decode(String base64, String setting) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + ": is not base64 (make a key with: openssl rand -base64 32)");
        }
        if (key.length != SecretBox.KEY_BYTES) {
            throw new IllegalStateException(setting + ": must be " + SecretBox.KEY_BYTES + " bytes, is " + key.length
                    + " (make a key with: openssl rand -base64 32)");
        }
        return key;
    }
}
