package vn.onduty.server.api;

import java.text.Normalizer;

/** Input text as it is stored: trimmed, Unicode NFC (Vietnamese typed in NFD or NFC compares equal), blank as null. */
public final class Text {
    private Text() {}

    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = Normalizer.normalize(s, Normalizer.Form.NFC).strip();
        return t.isEmpty() ? null : t;
    }
}
