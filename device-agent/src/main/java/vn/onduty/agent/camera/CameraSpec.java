package vn.onduty.agent.camera;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One camera as the server describes it in {@code GET /api/agent/cameras}. The credentials are only
 * ever put into the URL handed to FFmpeg ({@link #source()}); logs, statuses and {@link #toString()}
 * use {@link #safeUrl()}.
 *
 * @param url rtsp://, rtsps://, http(s)://, a file: URL or a local file path
 */
public record CameraSpec(long id, String name, String url, String username, String password, int timeoutSeconds,
                         boolean enabled, List<ZoneSpec> zones) {

    public CameraSpec {
        Objects.requireNonNull(url, "url");
        zones = List.copyOf(zones);
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("camera " + id + ": timeoutSeconds must be 1 or more, got " + timeoutSeconds);
        }
    }

    /** The event stream of this camera's zones, per the protocol. */
    public String stream() {
        return "camera-" + id;
    }

    private String scheme() {
        int colon = url.indexOf("://");
        return colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /** A network stream (paced by the camera) rather than a file (paced by the agent and looped). */
    public boolean live() {
        return switch (scheme()) {
            case "rtsp", "rtsps", "http", "https" -> true;
            default -> false;
        };
    }

    public boolean rtsp() {
        return scheme().startsWith("rtsp");
    }

    /** What FFmpeg opens: the URL with the credentials inserted, or the file's path. */
    public String source() {
        if (!live()) {
            if (url.regionMatches(true, 0, "file:", 0, 5)) {
                try {
                    return Path.of(new URI(url)).toString();
                } catch (URISyntaxException | IllegalArgumentException e) {
                    return url.substring(5);
                }
            }
            return url;
        }
        if (username == null || username.isEmpty()) {
            return url;
        }
        int start = url.indexOf("://") + 3;
        int hostEnd = firstOf(url, start, '/', '?', '#');
        int at = url.lastIndexOf('@', hostEnd - 1);
        String host = at >= start ? url.substring(at + 1, hostEnd) : url.substring(start, hostEnd);
        String userInfo = encode(username) + (password == null ? "" : ":" + encode(password));
        return url.substring(0, start) + userInfo + "@" + host + url.substring(hostEnd);
    }

    /** The URL without any user or password, for logs and the heartbeat. */
    public String safeUrl() {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return url;
        }
        int start = schemeEnd + 3;
        int hostEnd = firstOf(url, start, '/', '?', '#');
        int at = url.lastIndexOf('@', hostEnd - 1);
        return at >= start ? url.substring(0, start) + url.substring(at + 1) : url;
    }

    /** Whether the pipeline must be restarted to follow a change from {@code before} to this. */
    public boolean needsRestartComparedTo(CameraSpec before) {
        return !url.equals(before.url) || !Objects.equals(username, before.username)
                || !Objects.equals(password, before.password) || timeoutSeconds != before.timeoutSeconds
                || !zones.equals(before.zones);
    }

    @Override
    public String toString() {
        return "CameraSpec[id=" + id + ", name=" + name + ", url=" + safeUrl() + ", timeoutSeconds=" + timeoutSeconds
                + ", enabled=" + enabled + ", zones=" + zones + "]";
    }

    private static int firstOf(String s, int from, char... chars) {
        int best = s.length();
        for (char c : chars) {
            int i = s.indexOf(c, from);
            if (i >= 0 && i < best) {
                best = i;
            }
        }
        return best;
    }

    private static String encode(String part) {
        // userinfo allows fewer characters than a form; '+' from the form encoder would be read as '+'.
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
