package vn.onduty.server.web;

import vn.onduty.server.auth.Caller;

/** What every page needs to know about its request: who, which language, where, and the CSRF token for forms. */
public record WebContext(Caller caller, Messages t, String path, boolean secure) {

    public boolean signedIn() {
        return caller != null && !caller.isAgent();
    }

    public String lang() {
        return t.language();
    }

    public String csrf() {
        return caller == null ? null : caller.csrfToken();
    }
}
