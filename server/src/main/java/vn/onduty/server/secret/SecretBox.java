package vn.onduty.server.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets the server must keep but never show (camera passwords) with AES-256-GCM from the JDK: a fresh
 * 96-bit nonce per value, a 128-bit tag, and the value's purpose as associated data, so a sealed camera password
 * does not open as anything else. A sealed value reads {@code v1.<key id>.<base64url(nonce | ciphertext | tag)>};
 * the key id (the first 8 hex digits of the key's SHA-256) says which key opens it, so values sealed before a
 * key rotation still open with the previous key until they are sealed again with the current one.
 */
public final class SecretBox {

    public static final int KEY_BYTES = 32;
    static final String VERSION = "v1";
    private static final Pattern SEALED = Pattern.compile("v1\\.[0-9a-f]{8}\\.[A-Za-z0-9_-]+");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Key current;
    private final Map<String, Key> byId = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private record Key(String id, SecretKey key) {}

    /**
     * @param currentKey   32 bytes: seals every new value
     * @param previousKeys keys of earlier rotations: they still open what they sealed
     */
    public SecretBox(byte[] currentKey, List<byte[]> previousKeys) {
        this.current = key(currentKey);
        byId.put(current.id(), current);
        for (byte[] previous : previousKeys) {
            Key k = key(previous);
            byId.putIfAbsent(k.id(), k);
        }
    }

    /** Whether a stored value is sealed at all (values stored before sealing existed are plain text). */
    public static boolean isSealed(String value) {
        return value != null && SEALED.matcher(value).matches();
    }

    /** The id of the key that seals new values. */
    public String currentKeyId() {
        return current.id();
    }

    /** The id of the key that sealed {@code sealed}. */
    public static String keyIdOf(String sealed) {
        if (!isSealed(sealed)) {
            throw new IllegalArgumentException("not a sealed value");
        }
        return sealed.substring(VERSION.length() + 1, VERSION.length() + 9);
    }

    public boolean sealedWithCurrentKey(String sealed) {
        return keyIdOf(sealed).equals(current.id());
    }

    /** Whether a key to open {@code sealed} is configured. */
    public boolean canOpen(String sealed) {
        return byId.containsKey(keyIdOf(sealed));
    }

    public String seal(String plaintext, String purpose) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + "." + current.id() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /**
     * @throws IllegalStateException when the key that sealed it is not configured, or it does not open with that
     *     key for this purpose (altered, or sealed for something else); the message never holds the value
     */
    public String open(String sealed, String purpose) {
        String keyId = keyIdOf(sealed);
        Key key = byId.get(keyId);
        if (key == null) {
            throw new IllegalStateException("sealed with key " + keyId + ", which is not configured (secrets.key, "
                    + "secrets.keyFile or secrets.previousKeyFiles)");
        }
        byte[] in = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length() + 10));
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("a sealed value of key " + keyId + " is cut short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("a value sealed with key " + keyId + " does not open as " + purpose
                    + ": altered, or sealed for something else");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    static String idOf(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Key key(byte[] bytes) {
        if (bytes == null || bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("a secrets key must be " + KEY_BYTES + " bytes (base64 of 32 random bytes), not "
                    + (bytes == null ? 0 : bytes.length));
        }
        return new Key(idOf(bytes), new SecretKeySpec(bytes, "AES"));
    }
}
