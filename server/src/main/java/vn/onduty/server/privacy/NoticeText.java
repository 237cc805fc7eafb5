package vn.onduty.server.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The notice's text: the default shipped with the server ({@code privacy/notice_vi.txt}, {@code _en.txt}), the
 * placeholders an administrator's text may use, and the text cut into blocks a page shows. The format is the
 * plainest there is: a line starting "## " is a heading, lines starting "- " make a list, other lines a paragraph.
 */
public final class NoticeText {

    /** A heading, a paragraph or a list. */
    public record Block(String kind, String text, List<String> items) {}

    private static final String DEFAULT_VI = load("vi");
    private static final String DEFAULT_EN = load("en");

    private NoticeText() {}

    public static String defaultText(String language) {
        return "en".equals(language) ? DEFAULT_EN : DEFAULT_VI;
    }

    /**
     * The text in force in a language, with {controller}, {contact}, {retention} (the anonymisation delay) and
     * {retentionPeriods} (how long each kind of record is kept, as list lines) filled in.
     */
    public static String render(PrivacyNotice notice, String language, String retentionPeriods) {
        String text = notice.ownText(language) != null ? notice.ownText(language) : defaultText(language);
        return text.replace("{controller}", notice.controller())
                .replace("{contact}", notice.contact())
                .replace("{retentionPeriods}", retentionPeriods)
                .replace("{retention}", retention(notice.anonymiseAfterMonths(), language));
    }

    static String retention(int months, String language) {
        if ("en".equals(language)) {
            return months == 1 ? "1 month" : months + " months";
        }
        return months + " tháng";
    }

    public static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        List<String> items = null;
        StringBuilder paragraph = null;
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            boolean item = line.startsWith("- ");
            if (line.isEmpty() || line.startsWith("## ") || item) {
                if (paragraph != null) {
                    out.add(new Block("p", paragraph.toString(), List.of()));
                    paragraph = null;
                }
            }
            if (!item && items != null) {
                out.add(new Block("ul", null, List.copyOf(items)));
                items = null;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("## ")) {
                out.add(new Block("h", line.substring(3).strip(), List.of()));
            } else if (item) {
                if (items == null) {
                    items = new ArrayList<>();
                }
                items.add(line.substring(2).strip());
            } else if (paragraph == null) {
                paragraph = new StringBuilder(line);
            } else {
                paragraph.append(' ').append(line);
            }
        }
        if (paragraph != null) {
            out.add(new Block("p", paragraph.toString(), List.of()));
        }
        if (items != null) {
            out.add(new Block("ul", null, List.copyOf(items)));
        }
        return out;
    }

    private static String load(String language) {
        try (InputStream in = NoticeText.class.getResourceAsStream("/privacy/notice_" + language + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("privacy/notice_" + language + ".txt is missing from the server jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
