package vn.onduty.server.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes an officer out of text and JSON: their name, staff code, e-mail, phone and usernames become the pseudonym
 * (or go), and in records about them the free-text fields (reasons, comments, notes, file names) and contact fields
 * are emptied. The same identifiers, as a PostgreSQL regular expression, find the rows to rewrite.
 */
final class Redactor {

    /** Fields of a JSON record that hold words someone typed, or contact details: emptied in records about the officer. */
    static final Set<String> FREE_TEXT = Set.of("reason", "comment", "note", "decisionComment", "decision_comment",
            "email", "phone", "position", "fileName", "file_name", "unlockReason", "unlock_reason");

    /** One identifier and what replaces it. */
    record Identifier(String value, String replacement, boolean word) {}

    private final List<Identifier> identifiers;
    private final List<Map.Entry<Pattern, String>> patterns = new ArrayList<>();
    private final ObjectMapper json;

    Redactor(List<Identifier> identifiers, ObjectMapper json) {
        this.identifiers = identifiers.stream().filter(i -> i.value() != null && !i.value().isBlank()).toList();
        this.json = json;
        for (Identifier i : this.identifiers) {
            String quoted = Pattern.quote(i.value());
            patterns.add(Map.entry(Pattern.compile(i.word() ? "(?<![\\p{L}\\p{N}_])" + quoted + "(?![\\p{L}\\p{N}_])" : quoted,
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), i.replacement()));
        }
    }

    List<Identifier> identifiers() {
        return identifiers;
    }

    /** Every identifier, as one PostgreSQL regular expression (case is ignored by the ~* and 'gi' that use it). */
    String sqlPattern() {
        List<String> parts = new ArrayList<>();
        for (Identifier i : identifiers) {
            parts.add(sqlPattern(i));
        }
        return String.join("|", parts);
    }

    static String sqlPattern(Identifier i) {
        String escaped = i.value().replaceAll("([\\\\.^$|?*+()\\[\\]{}])", "\\\\$1");
        return i.word() ? "(?<![[:alnum:]_])" + escaped + "(?![[:alnum:]_])" : escaped;
    }

    /** Text with every identifier replaced. */
    String text(String s) {
        if (s == null) {
            return null;
        }
        String out = s;
        for (Map.Entry<Pattern, String> p : patterns) {
            out = p.getKey().matcher(out).replaceAll(Matcher.quoteReplacement(p.getValue()));
        }
        return out;
    }

    /** A JSON document with every string redacted, and free text emptied when the document is about the officer. */
    String json(String document, boolean about) {
        if (document == null) {
            return null;
        }
        try {
            return json.writeValueAsString(walk(json.readTree(document), about));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A filed timesheet: the officer's row keeps its cells and totals, its code and name become the pseudonym and its
     * position goes; every other string is redacted like any text.
     */
    String timesheet(String document, long staffId, String code, String name) {
        try {
            JsonNode root = json.readTree(document);
            JsonNode rows = root.path("rows");
            if (rows.isArray()) {
                for (JsonNode row : rows) {
                    if (row instanceof ObjectNode o && o.path("staffId").asLong(-1) == staffId) {
                        o.put("code", code);
                        o.put("fullName", name);
                        o.putNull("position");
                    }
                }
            }
            return json.writeValueAsString(walk(root, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode walk(JsonNode node, boolean about) {
        if (node instanceof ObjectNode o) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                fields.put(f.getKey(), about && FREE_TEXT.contains(f.getKey()) && f.getValue().isTextual()
                        ? NullNode.getInstance() : walk(f.getValue(), about));
            }
            o.setAll(fields);
            return o;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, walk(a.get(i), about));
            }
            return a;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(text(node.asText()));
        }
        return node;
    }
}
