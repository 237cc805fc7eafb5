package vn.onduty.server.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/** The page texts in Vietnamese (default) and English, from {@code i18n/messages_*.properties} (UTF-8). */
public final class I18n {

    public static final List<String> LANGUAGES = List.of("vi", "en");

    private final String defaultLanguage;
    private final Map<String, Messages> messages;

    public I18n(String defaultLanguage) {
        this.defaultLanguage = LANGUAGES.contains(defaultLanguage) ? defaultLanguage : "vi";
        this.messages = Map.of("vi", load("vi"), "en", load("en"));
    }

    private static Messages load(String language) {
        ResourceBundle bundle = ResourceBundle.getBundle("i18n.messages", Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return new Messages(bundle, language);
    }

    public String defaultLanguage() {
        return defaultLanguage;
    }

    public Messages of(String language) {
        return messages.getOrDefault(language == null ? defaultLanguage : language, messages.get(defaultLanguage));
    }
}
