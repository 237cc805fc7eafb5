package vn.onduty.server.org.imports;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SingleValue;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Organisation files uploaded for import, with their mapping, the last check's report and the import's result. */
@RegisterConstructorMapper(OrgImportDao.ImportRow.class)
public interface OrgImportDao {

    /** An upload without its content; mapping, report and result are JSON (see migration 0180). */
    record ImportRow(long id, String fileName, String status, String mapping, String report, String result, int totalRows,
                     int badRows, int processedRows, boolean skipBad, String error, Long createdBy, Instant createdAt,
                     Instant finishedAt) {}

    String SELECT = """
            select id, file_name, status, cast(mapping as text) as mapping, cast(report as text) as report,
                   cast(result as text) as result, total_rows, bad_rows, processed_rows, skip_bad, error, created_by,
                   created_at, finished_at
              from org_import
            """;

    @SqlQuery(SELECT + " where id = :id")
    Optional<ImportRow> find(@Bind("id") long id);

    @SqlQuery(SELECT + " order by id desc limit :limit")
    List<ImportRow> recent(@Bind("limit") int limit);

    /** One value, the file's bytes (without @SingleValue JDBI would read byte[] as rows of bytes). */
    @SqlQuery("select content from org_import where id = :id")
    @SingleValue
    byte[] content(@Bind("id") long id);

    @SqlUpdate("""
            insert into org_import (file_name, content, status, mapping, report, total_rows, bad_rows, created_by)
            values (:fileName, :content, 'CHECKED', cast(:mapping as jsonb), cast(:report as jsonb), :total, :bad,
                    :createdBy)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("fileName") String fileName, @Bind("content") byte[] content, @Bind("mapping") String mapping,
                @Bind("report") String report, @Bind("total") int total, @Bind("bad") int bad,
                @Bind("createdBy") Long createdBy);

    /** A new mapping and its check; only while the file is not imported. */
    @SqlUpdate("""
            update org_import set mapping = cast(:mapping as jsonb), report = cast(:report as jsonb), total_rows = :total,
                   bad_rows = :bad
             where id = :id and status = 'CHECKED'
            """)
    int checked(@Bind("id") long id, @Bind("mapping") String mapping, @Bind("report") String report,
                @Bind("total") int total, @Bind("bad") int bad);

    /** Only a checked file starts, and only once: two clicks cannot run it twice. */
    @SqlUpdate("""
            update org_import set status = 'RUNNING', skip_bad = :skipBad, processed_rows = 0
             where id = :id and status = 'CHECKED'
            """)
    int start(@Bind("id") long id, @Bind("skipBad") boolean skipBad);

    @SqlUpdate("update org_import set processed_rows = :processed where id = :id")
    void progress(@Bind("id") long id, @Bind("processed") int processed);

    @SqlUpdate("""
            update org_import set status = 'DONE', processed_rows = total_rows, result = cast(:result as jsonb),
                   finished_at = :at
             where id = :id
            """)
    void done(@Bind("id") long id, @Bind("result") String result, @Bind("at") Instant at);

    @SqlUpdate("update org_import set status = 'FAILED', error = :error, finished_at = :at where id = :id")
    void failed(@Bind("id") long id, @Bind("error") String error, @Bind("at") Instant at);
}
