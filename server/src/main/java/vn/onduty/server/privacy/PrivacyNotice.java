package vn.onduty.server.privacy;

import java.time.Instant;

/**
 * A version of what officers are told about their personal data: who the controller is, whom to contact, how long
 * after the end of service their records keep their name, and the text in each language (null: the default text).
 * The latest version is in force; {@code createdBy} is the administrator who saved it (null for the first).
 */
public record PrivacyNotice(long id, String controller, String contact, int anonymiseAfterMonths, String textVi,
                            String textEn, Instant createdAt, String createdBy) {

    /** The administrator's own text in this language, or null while the default is used. */
    public String ownText(String language) {
        return "en".equals(language) ? textEn : textVi;
    }
}
