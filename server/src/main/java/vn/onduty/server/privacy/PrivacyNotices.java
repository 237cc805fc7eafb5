package vn.onduty.server.privacy;

import jakarta.ws.rs.ForbiddenException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;

/**
 * The privacy notice: the version in force as each language shows it, whether an officer still has to acknowledge
 * it (then the web sign-in leads to it first), their acknowledgement, and the administrator's changes (audited;
 * each save is a new version that every officer acknowledges again).
 */
public final class PrivacyNotices {

    /** The notice as a page or client shows it in one language. */
    public record Shown(long version, String language, String text, List<NoticeText.Block> blocks, String controller,
                        String contact, int anonymiseAfterMonths, Instant since) {}

    /** Whether the caller has acknowledged the version in force, and when. */
    public record Acknowledgement(long version, boolean required, Instant acknowledgedAt) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final Clock clock;
    private final Function<String, String> retentionPeriods;

    /**
     * @param retentionPeriods the retention in force for a language as the lines of a list, filled in for
     *                         {@code {retentionPeriods}} (the retention settings' own text)
     */
    public PrivacyNotices(Jdbi jdbi, AuditLog audit, AccessPolicy policy, Clock clock,
                          Function<String, String> retentionPeriods) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
        this.retentionPeriods = retentionPeriods;
    }

    public PrivacyNotice current() {
        return jdbi.withExtension(PrivacyDao.class, PrivacyDao::current);
    }

    public Shown shown(String language) {
        return shown(current(), language);
    }

    Shown shown(PrivacyNotice n, String language) {
        String lang = "en".equals(language) ? "en" : "vi";
        String text = NoticeText.render(n, lang, retentionPeriods.apply(lang));
        return new Shown(n.id(), lang, text, NoticeText.blocks(text), n.controller(), n.contact(),
                n.anonymiseAfterMonths(), n.createdAt());
    }

    /** Whether this account must still acknowledge the version in force: an officer's that has not. */
    public boolean pending(long userId) {
        return jdbi.withExtension(PrivacyDao.class, dao -> dao.pending(userId)).orElse(false);
    }

    public boolean pending(Caller caller) {
        return caller != null && !caller.isAgent() && !caller.isSystem() && caller.staffId() != null
                && pending(caller.id());
    }

    /** After a web sign-in: the notice first while it is pending, then where the person was going. */
    public URI landing(long userId, URI next) {
        if (!pending(userId)) {
            return next;
        }
        return URI.create("/me/privacy/notice?next=" + URLEncoder.encode(next.toString(), StandardCharsets.UTF_8));
    }

    public Acknowledgement acknowledgement(Caller caller) {
        return jdbi.withExtension(PrivacyDao.class, dao -> {
            PrivacyNotice n = dao.current();
            Optional<Instant> at = caller.isAgent() ? Optional.empty() : dao.acknowledgedAt(caller.id(), n.id());
            return new Acknowledgement(n.id(), caller.staffId() != null, at.orElse(null));
        });
    }

    /** Records that the officer read the version in force; a second acknowledgement of it changes nothing. */
    public Acknowledgement acknowledge(Caller caller) {
        if (caller.isAgent() || caller.staffId() == null) {
            throw new ForbiddenException("Only an officer's account (linked to a staff record) acknowledges the notice");
        }
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            PrivacyDao dao = h.attach(PrivacyDao.class);
            PrivacyNotice n = dao.current();
            dao.acknowledge(caller.id(), n.id(), now, caller.ip());
            return new Acknowledgement(n.id(), true, dao.acknowledgedAt(caller.id(), n.id()).orElseThrow());
        });
    }

    /** Saves a new version; texts equal to the default (or blank) keep the default. */
    public PrivacyNotice update(NoticeInput in, Caller caller) {
        policy.requireAdmin(caller);
        String controller = Text.clean(in.controller());
        String contact = Text.clean(in.contact());
        String textVi = own(in.textVi(), "vi");
        String textEn = own(in.textEn(), "en");
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            PrivacyDao dao = h.attach(PrivacyDao.class);
            PrivacyNotice before = dao.lockCurrent();
            long id = dao.insert(controller, contact, in.anonymiseAfterMonths(), textVi, textEn, now,
                    caller.userId().filter(u -> !caller.isSystem()).orElse(null));
            PrivacyNotice after = dao.current();
            audit.record(h, caller, "privacy_notice.update", "privacy_notice", id, summary(before), summary(after));
            return after;
        });
    }

    public PrivacyDao.Acknowledgements acknowledgements() {
        return jdbi.withExtension(PrivacyDao.class, dao -> dao.acknowledgements(dao.current().id()));
    }

    public List<PrivacyNotice> versions() {
        return jdbi.withExtension(PrivacyDao.class, dao -> dao.versions(20));
    }

    private static String own(String text, String language) {
        String t = Text.clean(text);
        if (t == null) {
            return null;
        }
        String normalised = t.replace("\r\n", "\n");
        return normalised.equals(NoticeText.defaultText(language).strip()) ? null : normalised;
    }

    private static Map<String, Object> summary(PrivacyNotice n) {
        return Map.of("version", n.id(), "controller", n.controller(), "contact", n.contact(),
                "anonymiseAfterMonths", n.anonymiseAfterMonths(),
                "textVi", n.textVi() == null ? "(default)" : n.textVi(),
                "textEn", n.textEn() == null ? "(default)" : n.textEn());
    }
}
