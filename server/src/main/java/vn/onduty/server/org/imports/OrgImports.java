package vn.onduty.server.org.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Validator;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.db.DatabaseFailures;
import vn.onduty.server.imports.SheetFile;
import vn.onduty.server.org.account.AccountService;
import vn.onduty.server.org.counter.CounterService;
import vn.onduty.server.org.department.DepartmentService;
import vn.onduty.server.org.site.SiteService;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.web.I18n;
import vn.onduty.server.web.Messages;

/**
 * Bulk import of the organisation (sites, departments, counters with their services, staff, accounts) from the
 * template's workbook or CSV files, in the ticket import's three steps: upload (the file is kept, its tables' kinds and
 * columns guessed and the whole file checked at once), map (the admin corrects the guesses; checked again), import (in
 * the background, in one transaction, with progress). The check is the import itself, rolled back: it reports per
 * table how many records would be created, changed or left as they are, and every problem by table, row and column.
 * A file with bad rows is imported only when the admin chooses to skip them. Each record is created or changed by its
 * own service, audited there; a record the file already matches is not written, so the same file imported twice
 * changes nothing and writes no audit event. Accounts are created without a password; the admin hands out initial
 * passwords made for them afterwards ({@link #initialPasswords}).
 */
public final class OrgImports {

    private static final Logger LOG = LoggerFactory.getLogger(OrgImports.class);
    /** Problems the report keeps; the count covers all of them. */
    static final int MAX_REPORTED = 500;
    /** Rows shown in a table's preview. */
    static final int PREVIEW = 10;

    /** What one table of the file did (or, in a check, would do): its rows created, changed, left as they were, bad. */
    public record TableOutcome(String table, OrgSheet kind, int rows, int created, int updated, int unchanged, int bad) {}

    /** What a check found or an import did: per table, the problems (the first ones), the accounts created. */
    public record Report(List<TableOutcome> tables, List<OrgProblem> problems, int problemCount,
                         List<Long> createdAccounts) {

        static Report empty() {
            return new Report(List.of(), List.of(), 0, List.of());
        }
    }

    /** A table of the file as the page shows it: its kind, its columns' mapping and first rows. */
    public record TableView(String name, OrgSheet kind, List<String> header, Map<String, String> columns,
                            List<List<String>> preview, int rows) {}

    /** What the import's page shows. */
    public record View(OrgImportDao.ImportRow upload, List<TableView> tables, List<OrgMapping.Problem> mappingProblems,
                       Report report, Report result) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final StaffService staff;
    private final AccountService accounts;
    private final OrgApply apply;
    private final List<Messages> languages;
    private final ObjectMapper json;
    private final ExecutorService executor;
    private final Clock clock;

    public OrgImports(Jdbi jdbi, AuditLog audit, AccessPolicy policy, SiteService sites, DepartmentService departments,
                      CounterService counters, StaffService staff, AccountService accounts, Validator validator,
                      I18n i18n, ObjectMapper json, ExecutorService executor, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.staff = staff;
        this.accounts = accounts;
        this.apply = new OrgApply(sites, departments, counters, staff, accounts, validator, json);
        this.languages = I18n.LANGUAGES.stream().map(i18n::of).toList();
        this.json = json;
        this.executor = executor;
        this.clock = clock;
    }

    public List<OrgImportDao.ImportRow> recent(Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.withExtension(OrgImportDao.class, dao -> dao.recent(50));
    }

    public OrgImportDao.ImportRow find(long id, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.withExtension(OrgImportDao.class, dao -> dao.find(id))
                .orElseThrow(() -> new NotFoundException("No organisation import " + id));
    }

    /** Keeps an uploaded file with its guessed mapping, checked at once. */
    public long upload(Caller caller, String fileName, byte[] content) {
        policy.requireAdmin(caller);
        if (content == null || content.length == 0) {
            throw InvalidInputException.field("file", "choose a CSV or XLSX file");
        }
        if (content.length > SheetFile.MAX_BYTES) {
            throw InvalidInputException.field("file", "at most 20 MB");
        }
        String name = fileName == null || fileName.isBlank() ? "upload" : fileName;
        List<SheetFile.Table> file = SheetFile.all(name, content);
        OrgMapping mapping = OrgMapping.guess(file, languages);
        Report report = check(file, mapping, caller);
        return jdbi.withExtension(OrgImportDao.class, dao -> dao.insert(name, content, write(mapping), write(report),
                rows(file, mapping), report.tables().stream().mapToInt(TableOutcome::bad).sum(),
                caller.userId().orElse(null)));
    }

    /** A new mapping from the page: per table its kind (blank: not imported) and field to column; checked again. */
    public void saveMapping(long id, Map<String, String> kinds, Map<String, Map<String, String>> columns, Caller caller) {
        OrgImportDao.ImportRow upload = find(id, caller);
        if (!upload.status().equals("CHECKED")) {
            throw new ConflictException("The file was already imported (" + upload.status() + "); upload it again to remap it");
        }
        List<SheetFile.Table> file = file(id, upload);
        Map<String, OrgMapping.Table> tables = new LinkedHashMap<>();
        for (SheetFile.Table t : file) {
            String k = kinds.get(t.name());
            OrgSheet kind;
            try {
                kind = k == null || k.isBlank() ? null : OrgSheet.valueOf(k);
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.field("kind", "must be one of SITES, DEPARTMENTS, COUNTERS, STAFF, ACCOUNTS");
            }
            Map<String, String> chosen = new LinkedHashMap<>();
            if (kind != null) {
                columns.getOrDefault(t.name(), Map.of()).forEach((field, column) -> {
                    if (kind.column(field) != null && column != null && !column.isBlank()) {
                        chosen.put(field, column);
                    }
                });
            }
            tables.put(t.name(), new OrgMapping.Table(kind, chosen));
        }
        OrgMapping mapping = new OrgMapping(tables);
        Report report = check(file, mapping, caller);
        jdbi.useExtension(OrgImportDao.class, dao -> dao.checked(id, write(mapping), write(report), rows(file, mapping),
                report.tables().stream().mapToInt(TableOutcome::bad).sum()));
    }

    public View view(long id, Caller caller) {
        OrgImportDao.ImportRow upload = find(id, caller);
        List<SheetFile.Table> file = file(id, upload);
        OrgMapping mapping = mapping(upload);
        List<TableView> tables = new ArrayList<>();
        for (SheetFile.Table t : file) {
            OrgMapping.Table m = mapping.tables().getOrDefault(t.name(), new OrgMapping.Table(null, Map.of()));
            tables.add(new TableView(t.name(), m.kind(), t.header(), m.columns(),
                    t.rows().stream().filter(r -> r.stream().anyMatch(c -> !c.isBlank())).limit(PREVIEW).toList(),
                    OrgApply.rowCount(t)));
        }
        return new View(upload, tables, mapping.problems(file), read(upload.report(), Report.class),
                upload.result() == null ? null : read(upload.result(), Report.class));
    }

    /**
     * Starts the import in the background. Refused while the mapping has problems, when the file has bad rows and the
     * admin did not choose to skip them, or when it is not (or no longer) checked.
     */
    public void run(long id, boolean skipBad, Caller caller) {
        OrgImportDao.ImportRow upload = find(id, caller);
        if (!upload.status().equals("CHECKED")) {
            throw new ConflictException("Only a checked file can be imported; this one is " + upload.status());
        }
        if (!mapping(upload).problems(file(id, upload)).isEmpty()) {
            throw InvalidInputException.field("mapping", "choose the columns the file lacks first");
        }
        if (upload.badRows() > 0 && !skipBad) {
            throw InvalidInputException.field("skipBad", "the file has " + upload.badRows() + " rows with problems: "
                    + "correct them and upload it again, or choose to skip those rows");
        }
        if (jdbi.withExtension(OrgImportDao.class, dao -> dao.start(id, skipBad)) == 0) {
            throw new ConflictException("The file is already being imported");
        }
        executor.execute(() -> importFile(id, skipBad, caller));
    }

    /**
     * New initial passwords for the accounts an import created, to hand to their owners: returned once, never stored in
     * clear; asking again replaces them (and ends the sessions of accounts already in use).
     */
    public List<AccountService.InitialPassword> initialPasswords(long id, Caller caller) {
        OrgImportDao.ImportRow upload = find(id, caller);
        if (!upload.status().equals("DONE") || upload.result() == null) {
            throw new ConflictException("Only an imported file's accounts get initial passwords; this one is "
                    + upload.status());
        }
        return accounts.newInitialPasswords(read(upload.result(), Report.class).createdAccounts(), caller);
    }

    /** The template workbook, headed in Vietnamese. */
    public byte[] template() {
        return OrgTemplate.write(languages.get(0));
    }

    /** The initial passwords as a sheet (username, name, password) in the given language. */
    public byte[] passwordSheet(List<AccountService.InitialPassword> passwords, Messages t, Caller caller) {
        Map<Long, String> names = new LinkedHashMap<>();
        for (AccountService.InitialPassword p : passwords) {
            if (p.account().staffId() != null) {
                staff.find(p.account().staffId(), caller).ifPresent(s -> names.put(s.id(), s.fullName()));
            }
        }
        return PasswordSheet.write(passwords, names, t);
    }

    private Report check(List<SheetFile.Table> file, OrgMapping mapping, Caller caller) {
        if (!mapping.problems(file).isEmpty()) {
            return Report.empty();
        }
        return jdbi.withHandle(h -> {
            h.begin();
            try {
                return report(apply.apply(h, file, mapping, caller, done -> {}));
            } finally {
                // A check changes nothing: everything it did (audit events included) goes.
                h.rollback();
            }
        });
    }

    private void importFile(long id, boolean skipBad, Caller caller) {
        try {
            OrgImportDao.ImportRow upload = jdbi.withExtension(OrgImportDao.class, dao -> dao.find(id)).orElseThrow();
            List<SheetFile.Table> file = file(id, upload);
            OrgMapping mapping = mapping(upload);
            Report result = jdbi.inTransaction(h -> {
                OrgApply.Outcome outcome = apply.apply(h, file, mapping, caller,
                        // On a connection of its own, committed at once, so the page sees it while this transaction runs.
                        done -> jdbi.useHandle(p -> p.attach(OrgImportDao.class).progress(id, done)));
                if (!outcome.problems().isEmpty() && !skipBad) {
                    throw new InvalidInputException("Rows with problems appeared since the check",
                            outcome.problems().stream().limit(20).map(p -> p.table() + " row " + p.row() + ": "
                                    + (p.column() == null ? "" : p.column() + ": ")
                                    + (p.key() != null ? p.key() + " " + p.args() : p.text())).toList());
                }
                if (outcome.changed() > 0) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("fileName", upload.fileName());
                    outcome.tables().forEach(t -> details.put(t.table(), Map.of("kind", t.kind(), "created", t.created(),
                            "updated", t.updated(), "unchanged", t.unchanged(), "skipped", t.bad())));
                    audit.record(h, caller, "org_import.run", "org_import", id, null, details);
                }
                return report(outcome);
            });
            jdbi.useExtension(OrgImportDao.class, dao -> dao.done(id, write(result), clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("Organisation import {} failed", id, DatabaseFailures.redacted(e));
            String message = e instanceof InvalidInputException i ? i.getMessage() + ": " + String.join("; ", i.details())
                    : e.getMessage();
            jdbi.useExtension(OrgImportDao.class, dao -> dao.failed(id, message, clock.instant()));
        }
    }

    private static Report report(OrgApply.Outcome o) {
        return new Report(o.tables(), o.problems().stream().limit(MAX_REPORTED).toList(), o.problems().size(),
                o.createdAccounts());
    }

    private static int rows(List<SheetFile.Table> file, OrgMapping mapping) {
        return file.stream().filter(t -> mapping.tables().containsKey(t.name()) && mapping.tables().get(t.name()).kind() != null)
                .mapToInt(OrgApply::rowCount).sum();
    }

    private List<SheetFile.Table> file(long id, OrgImportDao.ImportRow upload) {
        return SheetFile.all(upload.fileName(), jdbi.withExtension(OrgImportDao.class, dao -> dao.content(id)));
    }

    private OrgMapping mapping(OrgImportDao.ImportRow upload) {
        return read(upload.mapping(), OrgMapping.class);
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("org_import holds JSON it cannot read back", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
