package vn.onduty.agent.log;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes the user and password from every URL in a message: {@code rtsp://viewer:secret@10.0.0.5/102} becomes
 * {@code rtsp://10.0.0.5/102}. FFmpeg (and JavaCV's exceptions) repeat the URL they failed to open, credentials
 * and all; the agent scrubs every message before it logs it ({@link ScrubbedMessageConverter}), reports it in
 * the heartbeat or a command's progress, or keeps it as a camera's last error. The server scrubs again.
 */
public final class Credentials {

    /**
     * A scheme, "://", then the user info up to the last '@' before the host (a password may hold an unencoded
     * '@'): no '/', '?', '#', white space or quote on the way, so a match never runs past the URL into the text
     * (or a JSON string) around it.
     */
    static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s?#\"'<>\\\\`]*@");

    private Credentials() {
    }

    /** The text with the user info of every URL removed; null stays null. */
    public static String scrub(String text) {
        if (text == null || text.indexOf('@') < 0 || !text.contains("://")) {
            return text;
        }
        return USER_INFO.matcher(text).replaceAll("$1");
    }

    /** Status objects as the heartbeat sends them, each {@code lastError} scrubbed. */
    public static List<Map<String, Object>> scrubLastErrors(List<Map<String, Object>> statuses) {
        List<Map<String, Object>> out = new ArrayList<>(statuses.size());
        for (Map<String, Object> status : statuses) {
            Object error = status.get("lastError");
            if (error instanceof String text && !text.equals(scrub(text))) {
                Map<String, Object> copy = new LinkedHashMap<>(status);
                copy.put("lastError", scrub(text));
                out.add(copy);
            } else {
                out.add(status);
            }
        }
        return out;
    }
}
