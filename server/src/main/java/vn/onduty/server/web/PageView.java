package vn.onduty.server.web;

import io.dropwizard.views.common.View;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import vn.onduty.server.auth.Caller;

/**
 * A page: a FreeMarker template under {@code /views}, the request's {@link WebContext}, and the page's
 * own data. Templates read {@code t("key")}, {@code caller}, {@code csrf}, {@code fmt} and {@code data.x}.
 */
public class PageView extends View {

    private static final Format FORMAT = new Format();

    private final WebContext context;
    private final String titleKey;
    private final Map<String, Object> data;

    public PageView(String template, WebContext context, String titleKey, Map<String, Object> data) {
        super("/views/" + template, StandardCharsets.UTF_8);
        this.context = context;
        this.titleKey = titleKey;
        this.data = data;
    }

    public Messages getT() {
        return context.t();
    }

    public String getTitle() {
        return context.t().get(titleKey);
    }

    public Caller getCaller() {
        return context.signedIn() ? context.caller() : null;
    }

    public boolean isSignedIn() {
        return context.signedIn();
    }

    public String getCsrf() {
        return context.csrf();
    }

    public String getLang() {
        return context.lang();
    }

    public String getPath() {
        return context.path();
    }

    public Format getFmt() {
        return FORMAT;
    }

    public Map<String, Object> getData() {
        return data;
    }
}
