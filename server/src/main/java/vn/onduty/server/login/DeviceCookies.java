package vn.onduty.server.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * Signed device cookies (OWASP's proposal against lockout attacks): a browser that signed in successfully is given a
 * cookie naming it and the accounts that signed in on it, signed with HMAC-SHA256 under a key kept in the database.
 * Such a browser is never refused for its address, and its failures for those accounts are counted apart from
 * everyone else's, so neither a colleague behind the same NAT nor a stranger guessing can lock it out.
 * The accounts are named by keyed tags, not usernames, so the cookie tells nobody who uses the browser.
 */
public final class DeviceCookies {

    public static final String COOKIE = "ONDUTY_DEVICE";
    private static final String VERSION = "1";
    /** A shared office computer: the most recent accounts are kept, the oldest dropped. */
    static final int MAX_ACCOUNTS = 20;
    private static final int TAG_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** A browser that presented a valid cookie: its id and the tags of the accounts that signed in on it. */
    public record Device(String id, List<String> accountTags) {
        public Device {
            accountTags = List.copyOf(accountTags);
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration lifetime;
    private volatile SecretKeySpec key;

    public DeviceCookies(Jdbi jdbi, Clock clock, Duration lifetime) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** The device a cookie value names, when its signature holds and it has not outlived {@link #lifetime}. */
    public Optional<Device> read(String cookie) {
        if (cookie == null || cookie.length() > 2048) {
            return Optional.empty();
        }
        int lastDot = cookie.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        String payload = cookie.substring(0, lastDot);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(cookie.substring(lastDot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(given, mac("cookie:" + payload))) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        Instant issued;
        try {
            issued = Instant.ofEpochSecond(Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (issued.plus(lifetime).isBefore(clock.instant())) {
            return Optional.empty();
        }
        List<String> tags = parts[3].isEmpty() ? List.of() : Arrays.asList(parts[3].split("~"));
        return Optional.of(new Device(parts[1], tags));
    }

    /** Whether the device is one on which this username signed in. */
    public boolean knows(Device device, String username) {
        return device.accountTags().contains(tag(username));
    }

    /** A fresh cookie for a browser that just signed in as {@code username}: its old accounts kept, its id too. */
    public String issue(Optional<Device> previous, String username) {
        String id = previous.map(Device::id).orElseGet(() -> B64.encodeToString(random(16)));
        List<String> tags = new ArrayList<>();
        tags.add(tag(username));
        previous.ifPresent(d -> d.accountTags().stream().filter(t -> !tags.contains(t)).forEach(tags::add));
        String payload = String.join(".", VERSION, id, String.valueOf(clock.instant().getEpochSecond()),
                String.join("~", tags.subList(0, Math.min(tags.size(), MAX_ACCOUNTS))));
        return payload + "." + B64.encodeToString(mac("cookie:" + payload));
    }

    private String tag(String username) {
        return B64.encodeToString(Arrays.copyOf(mac("account:" + username), TAG_BYTES));
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Made on first use by whichever instance comes first; every instance then reads the same one. */
    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            byte[] secret = jdbi.withExtension(LoginThrottleDao.class, dao -> {
                dao.offerDeviceKey(random(32));
                return dao.deviceKey().orElseThrow();
            });
            k = new SecretKeySpec(secret, "HmacSHA256");
            key = k;
        }
        return k;
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
