package vn.onduty.server.web;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The page texts of one language. In templates it is called as a function:
 * {@code ${t("nav.sites")}} or {@code ${t("list.count", total)}}.
 */
public final class Messages implements TemplateMethodModelEx {

    private final ResourceBundle bundle;
    private final String language;

    public Messages(ResourceBundle bundle, String language) {
        this.bundle = bundle;
        this.language = language;
    }

    public String language() {
        return language;
    }

    public Locale locale() {
        return Locale.forLanguageTag(language);
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            // Visible on the page, and caught by MessagesTest before it ships.
            return "??" + key + "??";
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale()).format(args);
    }

    @Override
    public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
        if (arguments.isEmpty()) {
            throw new TemplateModelException("t() needs a message key");
        }
        Object[] values = new Object[arguments.size()];
        for (int i = 0; i < values.length; i++) {
            Object a = arguments.get(i);
            values[i] = a instanceof TemplateModel m ? DeepUnwrap.unwrap(m) : a;
        }
        Object[] rest = new Object[values.length - 1];
        System.arraycopy(values, 1, rest, 0, rest.length);
        return get(String.valueOf(values[0]), rest);
    }
}
