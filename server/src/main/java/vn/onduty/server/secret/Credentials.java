package vn.onduty.server.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes the user and password from every URL in a text: {@code rtsp://viewer:secret@10.0.0.5/102} becomes
 * {@code rtsp://10.0.0.5/102}. FFmpeg repeats the URL it failed to open, credentials included, and an agent
 * passes such messages on (heartbeat, command progress, event errors): what the server stores or shows goes
 * through here first. Migration 0121 applies the same rule to what was stored before.
 */
public final class Credentials {

    /**
     * A scheme, "://", then the user info up to the last '@' before the host (a password may hold an unencoded
     * '@'): no '/', '?', '#', white space or quote on the way, so a match never runs past the URL into the text
     * (or the JSON string) around it.
     */
    static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s?#\"'<>\\\\`]*@");

    private Credentials() {}

    /** The text with the user info of every URL removed; null stays null. */
    public static String scrub(String text) {
        if (text == null || text.indexOf('@') < 0 || !text.contains("://")) {
            return text;
        }
        return USER_INFO.matcher(text).replaceAll("$1");
    }

    /** Every string in the tree, scrubbed in place (object fields and array items, at any depth). */
    public static void scrubInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    String scrubbed = scrub(field.getValue().textValue());
                    if (!scrubbed.equals(field.getValue().textValue())) {
                        field.setValue(TextNode.valueOf(scrubbed));
                    }
                } else {
                    scrubInPlace(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(scrub(array.get(i).textValue())));
                } else {
                    scrubInPlace(array.get(i));
                }
            }
        }
    }
}
