package vn.onduty.server.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.web.I18n;
import vn.onduty.server.web.Messages;

/**
 * How long each kind of record is kept: the defaults with their reasons, an admin's changes (audited, never below a
 * kind's least), and what the nightly runs removed. {@link #current()} is for anyone who must tell people how long
 * their data is kept (the officers' privacy notice).
 */
public final class RetentionService {

    /** A kind's retention now, its default and least, and why the default is what it is (vi and en). */
    public record Setting(RetentionKind kind, int days, int defaultDays, int minDays, boolean isDefault,
                          Map<String, String> reason, Instant updatedAt) {}

    /** A nightly run: its day, when it ran, and per kind the days, the cut-off, what it removed (or the error). */
    public record Run(long id, java.time.LocalDate runDate, Instant startedAt, Instant finishedAt,
                      Map<String, Map<String, Object>> removed) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final I18n i18n;
    private final Clock clock;

    public RetentionService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, I18n i18n, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.i18n = i18n;
        this.clock = clock;
    }

    /** Every kind's retention in force, in the order the admin page lists them. */
    public List<Setting> current() {
        Map<String, RetentionDao.SettingRow> set = jdbi.withExtension(RetentionDao.class, RetentionDao::settings)
                .stream().collect(Collectors.toMap(RetentionDao.SettingRow::kind, Function.identity()));
        List<Setting> out = new ArrayList<>();
        for (RetentionKind kind : RetentionKind.values()) {
            RetentionDao.SettingRow row = set.get(kind.name());
            out.add(setting(kind, row));
        }
        return out;
    }

    /**
     * The periods in force as the lines of a list, one per kind ("- Lượt đăng nhập và phiên làm việc: 90 ngày"),
     * for the officers' privacy notice: what it says is kept is what the nightly job keeps.
     */
    public String periods(String language) {
        Messages m = i18n.of(language);
        StringBuilder out = new StringBuilder();
        for (Setting s : current()) {
            out.append(out.isEmpty() ? "" : "\n").append("- ").append(m.get("retention.kind." + s.kind().name()))
                    .append(": ").append(m.get("retention.dayCount", s.days()));
        }
        return out.toString();
    }

    /** The days a kind is kept now. */
    public int days(RetentionKind kind) {
        return current().stream().filter(s -> s.kind() == kind).findFirst().orElseThrow().days();
    }

    /** Changes how long a kind is kept; audited with the days before and after. */
    public Setting update(RetentionKind kind, Integer days, Caller caller) {
        policy.requireAdmin(caller);
        if (days == null) {
            throw InvalidInputException.field("days", "is required: how many days to keep " + kind);
        }
        if (days < kind.minDays() || days > RetentionKind.MAX_DAYS) {
            throw InvalidInputException.field("days", "must be between " + kind.minDays() + " and "
                    + RetentionKind.MAX_DAYS + " for " + kind);
        }
        return jdbi.inTransaction(h -> {
            RetentionDao dao = h.attach(RetentionDao.class);
            Optional<RetentionDao.SettingRow> before = dao.lockSetting(kind.name());
            int was = before.map(RetentionDao.SettingRow::days).orElse(kind.defaultDays());
            if (was == days) {
                return setting(kind, before.orElse(null));
            }
            dao.saveSetting(kind.name(), days, caller.userId().orElse(null), clock.instant());
            audit.record(h, caller, "retention.update", "retention_setting", kind.name(), Map.of("days", was),
                    Map.of("days", days));
            return setting(kind, new RetentionDao.SettingRow(kind.name(), days, caller.userId().orElse(null),
                    clock.instant()));
        });
    }

    public List<Run> recentRuns(int limit) {
        return jdbi.withExtension(RetentionDao.class, dao -> dao.recentRuns(limit)).stream()
                .map(r -> new Run(r.id(), r.runDate(), r.startedAt(), r.finishedAt(), removed(r.removed()))).toList();
    }

    private static Map<String, Map<String, Object>> removed(String text) {
        try {
            return JSON.readValue(text, new TypeReference<Map<String, Map<String, Object>>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("retention_run holds JSON it cannot read back", e);
        }
    }

    private Setting setting(RetentionKind kind, RetentionDao.SettingRow row) {
        Map<String, String> reason = new java.util.LinkedHashMap<>();
        for (String language : I18n.LANGUAGES) {
            reason.put(language, i18n.of(language).get("retention.reason." + kind.name()));
        }
        int days = row == null ? kind.defaultDays() : row.days();
        return new Setting(kind, days, kind.defaultDays(), kind.minDays(), days == kind.defaultDays(), reason,
                row == null ? null : row.updatedAt());
    }
}
