package vn.onduty.server.login;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** bcrypt through a maintained library; the work factor comes from {@code auth.bcryptCost}. */
public final class PasswordHasher {

    /** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated. */
    public static final int MAX_PASSWORD_BYTES = 72;
    public static final int MIN_PASSWORD_LENGTH = 8;
    /**
     * Stored for an account that has no password yet (one an import created): no password verifies against it. Not a
     * bcrypt hash, so no input can match it; a login to such an account costs the same as any failed one.
     */
    public static final String NO_PASSWORD = "!no-password";
    /** Initial passwords: letters and digits that cannot be mistaken for each other when read out or typed. */
    private static final String INITIAL_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

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
        if (NO_PASSWORD.equals(hash)) {
            verifyDecoy(password);
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

    /**
     * A new random password for someone to sign in with the first time, e.g. {@code k7mp-w3xa-q9dt}: 12 characters of
     * 31, about 59 bits, from the platform's SecureRandom.
     */
    public static String newInitialPassword() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0) {
                b.append('-');
            }
            b.append(INITIAL_ALPHABET.charAt(RANDOM.nextInt(INITIAL_ALPHABET.length())));
        }
        return b.toString();
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
