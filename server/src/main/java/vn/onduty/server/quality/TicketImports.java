package vn.onduty.server.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.db.DatabaseFailures;
import vn.onduty.server.imports.SheetFile;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteDao;

/**
 * Queue-system exports (CSV, XLSX) brought in by an admin in three steps: upload (the file is kept),
 * map and check (the columns are mapped once per source and the mapping saved; every row is read and
 * checked against the site exactly as {@code POST /api/tickets} checks a batch, and the problems listed
 * by row), then import. A file with bad rows is imported only when the admin chooses to skip them.
 * The import runs in the background in one transaction (all of it or nothing), in chunks whose count
 * the page polls; tickets merge as the API's do, so the same file imported twice changes nothing.
 */
public final class TicketImports {

    private static final Logger LOG = LoggerFactory.getLogger(TicketImports.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows per chunk: the unit of progress. */
    static final int CHUNK = 2000;
    /** Rows whose problems the report keeps; the count covers all of them. */
    static final int MAX_REPORTED = 500;

    /** A row's problems, by its spreadsheet row number. */
    public record RowProblems(int row, List<String> problems) {}

    /** What the import page shows: the upload, its file's columns, a preview and the check. */
    public record View(ImportDao.ImportRow upload, ImportDao.SourceRow source, List<String> header,
                       Map<String, String> mapping, String ratingScale, List<String> mappingProblems,
                       List<List<String>> preview, List<RowProblems> problems) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final TicketService tickets;
    private final ExecutorService executor;
    private final Clock clock;

    public TicketImports(Jdbi jdbi, AuditLog audit, AccessPolicy policy, TicketService tickets, ExecutorService executor,
                         Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.tickets = tickets;
        this.executor = executor;
        this.clock = clock;
    }

    public List<ImportDao.SourceRow> sources(Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.withExtension(ImportDao.class, ImportDao::sources);
    }

    public List<ImportDao.ImportRow> recent(Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.withExtension(ImportDao.class, dao -> dao.recent(50));
    }

    public ImportDao.ImportRow find(long id, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.withExtension(ImportDao.class, dao -> dao.find(id))
                .orElseThrow(() -> new NotFoundException("No ticket import " + id));
    }

    /**
     * Keeps an uploaded file for a site, from a known source or a new one (its mapping guessed from the
     * header), and checks it at once with the source's mapping.
     */
    public long upload(Caller caller, Long siteId, Long sourceId, String newSource, String fileName, byte[] content) {
        policy.requireAdmin(caller);
        List<String> problems = new ArrayList<>();
        if (siteId == null) {
            problems.add("siteId: choose the site whose queue the file is from");
        }
        String name = Text.clean(newSource);
        if (sourceId == null && name == null) {
            problems.add("source: choose the queue system, or name a new one");
        }
        if (content == null || content.length == 0) {
            problems.add("file: choose a CSV or XLSX file");
        } else if (content.length > SheetFile.MAX_BYTES) {
            problems.add("file: at most 20 MB");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The file was not taken", problems);
        }
        SheetFile.Table file = SheetFile.first(fileName, content);
        long id = jdbi.inTransaction(h -> {
            h.attach(SiteDao.class).find(siteId).orElseThrow(() -> InvalidInputException.field("siteId", "is no site"));
            ImportDao dao = h.attach(ImportDao.class);
            long source;
            if (sourceId != null) {
                source = dao.source(sourceId).orElseThrow(() -> InvalidInputException.field("source", "is no queue system"))
                        .id();
            } else if (dao.sourceNamed(name).isPresent()) {
                source = dao.sourceNamed(name).get().id();
            } else {
                TicketMapping guessed = TicketMapping.guess(file.header());
                source = dao.insertSource(name, json(guessed.toJson()), guessed.scale().name());
                audit.record(h, caller, "ticket_source.create", "ticket_source", source, null,
                        Map.of("name", name, "mapping", guessed.toJson()));
            }
            long upload = dao.insert(siteId, source, fileName == null ? "upload" : fileName, content,
                    caller.userId().orElse(null));
            audit.record(h, caller, "ticket_import.upload", "ticket_import", upload, null,
                    Map.of("fileName", fileName == null ? "upload" : fileName, "bytes", content.length, "siteId", siteId));
            return upload;
        });
        check(id);
        return id;
    }

    /** Saves the source's mapping (audited) and checks the file again with it. */
    public void saveMapping(long id, Map<String, String> columns, String ratingScale, Caller caller) {
        ImportDao.ImportRow upload = find(id, caller);
        TicketInput.RatingScale scale;
        try {
            scale = TicketInput.RatingScale.valueOf(ratingScale);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw InvalidInputException.field("ratingScale", "must be STARS5 or LEVELS3");
        }
        if (!Set.of("UPLOADED", "CHECKED").contains(upload.status())) {
            throw new ConflictException("The file was already imported (" + upload.status() + "); upload it again to remap it");
        }
        TicketMapping mapping = TicketMapping.fromJson(columns, scale);
        jdbi.useTransaction(h -> {
            ImportDao dao = h.attach(ImportDao.class);
            ImportDao.SourceRow before = dao.source(upload.sourceId()).orElseThrow();
            String after = json(mapping.toJson());
            dao.updateSource(upload.sourceId(), after, scale.name());
            audit.record(h, caller, "ticket_source.update", "ticket_source", upload.sourceId(),
                    Map.of("mapping", before.mapping(), "ratingScale", before.ratingScale()),
                    Map.of("mapping", after, "ratingScale", scale.name()));
        });
        check(id);
    }

    /** What the import page shows. */
    public View view(long id, Caller caller) {
        ImportDao.ImportRow upload = find(id, caller);
        return jdbi.withHandle(h -> {
            ImportDao dao = h.attach(ImportDao.class);
            ImportDao.SourceRow source = dao.source(upload.sourceId()).orElseThrow();
            SheetFile.Table file = SheetFile.first(upload.fileName(), dao.content(id));
            TicketMapping mapping = mapping(source);
            List<RowProblems> problems;
            try {
                problems = JSON.readValue(upload.problems(), new TypeReference<List<RowProblems>>() {});
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return new View(upload, source, file.header(), mapping.toJson(), mapping.scale().name(),
                    mapping.problems(file.header()), file.rows().subList(0, Math.min(10, file.rows().size())), problems);
        });
    }

    /**
     * Starts the import in the background. Refused when the file has bad rows and the admin did not choose
     * to skip them, or when it is not (or no longer) checked.
     */
    public void run(long id, boolean skipBad, Caller caller) {
        ImportDao.ImportRow upload = find(id, caller);
        if (!upload.status().equals("CHECKED")) {
            throw new ConflictException("Only a checked file can be imported; this one is " + upload.status());
        }
        if (upload.badRows() > 0 && !skipBad) {
            throw InvalidInputException.field("skipBad", "the file has " + upload.badRows() + " rows with problems: "
                    + "correct them and upload it again, or choose to skip those rows");
        }
        if (jdbi.withExtension(ImportDao.class, dao -> dao.start(id, skipBad)) == 0) {
            throw new ConflictException("The file is already being imported");
        }
        executor.execute(() -> importFile(id, skipBad, caller));
    }

    /** Reads every row and checks it against the site; records the count and the problems by row. */
    void check(long id) {
        ImportDao.ImportRow upload = jdbi.withExtension(ImportDao.class, dao -> dao.find(id)).orElseThrow();
        jdbi.useTransaction(h -> {
            ImportDao dao = h.attach(ImportDao.class);
            SheetFile.Table file = SheetFile.first(upload.fileName(), dao.content(id));
            TicketMapping mapping = mapping(dao.source(upload.sourceId()).orElseThrow());
            List<String> mappingProblems = mapping.problems(file.header());
            if (!mappingProblems.isEmpty()) {
                dao.checked(id, "UPLOADED", file.rows().size(), 0, "[]");
                return;
            }
            Site site = h.attach(SiteDao.class).find(upload.siteId()).orElseThrow();
            Map<Integer, List<String>> problems = problems(h, site, file, mapping, 0, file.rows().size()).problems();
            List<RowProblems> report = new ArrayList<>();
            problems.forEach((row, p) -> {
                if (report.size() < MAX_REPORTED) {
                    report.add(new RowProblems(row, p));
                }
            });
            dao.checked(id, "CHECKED", file.rows().size(), problems.size(), json(report));
        });
    }

    /** Rows from..to of a file read and checked: the good tickets (row numbers beside them) and the problems by row. */
    private record Chunk(List<TicketInput> good, List<Integer> goodRows, Map<Integer, List<String>> problems) {}

    private Chunk problems(Handle h, Site site, SheetFile.Table file, TicketMapping mapping, int from, int to) {
        ZoneId zone = ZoneId.of(site.timeZone());
        Map<Integer, List<String>> problems = new TreeMap<>();
        List<TicketInput> good = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int rowNumber = file.rowNumber(i);
            List<String> p = new ArrayList<>();
            TicketInput t = mapping.read(file.header(), file.rows().get(i), rowNumber, zone, p);
            if (t == null) {
                problems.put(rowNumber, p);
            } else {
                good.add(t);
                rows.add(rowNumber);
            }
        }
        TicketService.Checked checked = tickets.check(h, site, good, i -> "row " + rows.get(i));
        checked.problems().forEach((index, p) -> problems.put(rows.get(index),
                p.stream().map(x -> x.replaceFirst("^(row \\d+)\\.", "$1: ")).toList()));
        return new Chunk(good, rows, problems);
    }

    private void importFile(long id, boolean skipBad, Caller caller) {
        try {
            ImportDao.ImportRow upload = jdbi.withExtension(ImportDao.class, dao -> dao.find(id)).orElseThrow();
            String source = "file:" + upload.sourceName() + "#" + id;
            jdbi.useTransaction(h -> {
                ImportDao dao = h.attach(ImportDao.class);
                SheetFile.Table file = SheetFile.first(upload.fileName(), dao.content(id));
                TicketMapping mapping = mapping(dao.source(upload.sourceId()).orElseThrow());
                Site site = h.attach(SiteDao.class).find(upload.siteId()).orElseThrow();
                TicketService.Stored total = new TicketService.Stored(0, 0, 0, 0);
                int skipped = 0;
                for (int from = 0; from < file.rows().size(); from += CHUNK) {
                    int to = Math.min(file.rows().size(), from + CHUNK);
                    Chunk chunk = problems(h, site, file, mapping, from, to);
                    if (!chunk.problems().isEmpty() && !skipBad) {
                        throw new InvalidInputException("Rows with problems appeared since the check",
                                chunk.problems().entrySet().stream().limit(20)
                                        .map(e -> "row " + e.getKey() + ": " + String.join("; ", e.getValue())).toList());
                    }
                    List<TicketInput> clean = new ArrayList<>();
                    Set<Integer> bad = new HashSet<>(chunk.problems().keySet());
                    for (int k = 0; k < chunk.good().size(); k++) {
                        if (!bad.contains(chunk.goodRows().get(k))) {
                            clean.add(chunk.good().get(k));
                        }
                    }
                    skipped += (to - from) - clean.size();
                    TicketService.Checked checked = tickets.check(h, site, clean, k -> "row");
                    if (!checked.problems().isEmpty()) {
                        throw new InvalidInputException("Rows could not be imported", checked.problems().values().stream()
                                .flatMap(List::stream).limit(20).toList());
                    }
                    total = total.plus(tickets.store(h, caller, site.id(), source, checked.tickets()));
                    int done = to;
                    // On a connection of its own, committed at once, so the page sees it while this transaction runs.
                    jdbi.useHandle(p -> p.attach(ImportDao.class).progress(id, done));
                }
                dao.done(id, total.inserted(), total.updated(), total.unchanged(), clock.instant());
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("rows", file.rows().size());
                details.put("skipped", skipped);
                details.put("inserted", total.inserted());
                details.put("updated", total.updated());
                details.put("unchanged", total.unchanged());
                audit.record(h, caller, "ticket_import.run", "ticket_import", id, null, details);
            });
        } catch (RuntimeException e) {
            LOG.warn("Ticket import {} failed", id, DatabaseFailures.redacted(e));
            String message = e instanceof InvalidInputException i ? i.getMessage() + ": " + String.join("; ", i.details())
                    : e.getMessage();
            jdbi.useHandle(h -> h.attach(ImportDao.class).failed(id, message, clock.instant()));
        }
    }

    private static TicketMapping mapping(ImportDao.SourceRow source) {
        try {
            Map<String, String> columns = JSON.readValue(source.mapping(), new TypeReference<Map<String, String>>() {});
            return TicketMapping.fromJson(columns, TicketInput.RatingScale.valueOf(source.ratingScale()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ticket_source " + source.id() + " has a broken mapping", e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
