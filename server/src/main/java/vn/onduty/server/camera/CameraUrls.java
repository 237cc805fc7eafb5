package vn.onduty.server.camera;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** Which stream addresses a camera may have: rtsp, http(s), a file: URL or a plain path, without credentials. */
final class CameraUrls {

    static final Set<String> NETWORK = Set.of("rtsp", "rtsps", "http", "https");

    private CameraUrls() {}

    /** The problem with a URL, or null when it is fine. */
    static String problem(String url) {
        if (url == null || url.isBlank()) {
            return "url: is required";
        }
        if (url.chars().anyMatch(Character::isISOControl)) {
            return "url: must not contain control characters";
        }
        int colon = url.indexOf("://");
        if (colon < 0) {
            // A local file path (the demo video, a recording for tests) or a file:/path URL.
            return url.regionMatches(true, 0, "file:", 0, 5) || !url.contains(":") || url.matches("^[A-Za-z]:[\\\\/].*")
                    ? null : "url: must start with rtsp://, http://, https:// or file:, or be a file path";
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            return null;
        }
        if (!NETWORK.contains(scheme)) {
            return "url: must start with rtsp://, http://, https:// or file:, not " + scheme + "://";
        }
        try {
            URI uri = new URI(url);
            if (uri.getRawUserInfo() != null) {
                return "url: must not contain a username or password; put them in their own fields";
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                return "url: must name the camera's host, e.g. rtsp://10.0.0.5:554/Streaming/Channels/102";
            }
        } catch (URISyntaxException e) {
            return "url: is not a valid address (" + e.getReason() + ")";
        }
        return null;
    }
}
