package vn.onduty.server.login;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt through a maintained library; the work factor comes from {@code auth.bcryptCost}. */
public final class PasswordHasher {

    /** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated. */
    public static final int MAX_PASSWORD_BYTES = 72;
    public static final int MIN_PASSWORD_LENGTH = 8;

    private final int cost;
    private final String decoy;

    public PasswordHasher(int cost) {
        this.cost = cost;
        // Verified against when the username is unknown, so timing does not tell which usernames exist.
        this.decoy = hash("decoy-password-never-matches");
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public boolean verify(String password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        // No stored hash was made from a longer password (problemWith refuses them), and the library
        // would throw rather than answer "no": a login with one is simply a wrong password.
        if (bytes.length > MAX_PASSWORD_BYTES) {
            return false;
        }
        return BCrypt.verifyer().verify(bytes, hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    public void verifyDecoy(String password) {
        verify(password == null ? "" : password, decoy);
    }

    /** Why a new password is not acceptable, or null when it is. */
    public static String problemWith(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            return "must be at least " + MIN_PASSWORD_LENGTH + " characters";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return "must be at most " + MAX_PASSWORD_BYTES + " bytes";
        }
        return null;
    }
}
