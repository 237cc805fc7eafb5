package vn.onduty.server.quality;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.SingleValue;

/** Queue systems with their saved column mappings, and the files uploaded from them. */
@RegisterConstructorMapper(ImportDao.SourceRow.class)
@RegisterConstructorMapper(ImportDao.ImportRow.class)
public interface ImportDao {

    record SourceRow(long id, String name, String mapping, String ratingScale) {}

    /** An upload without its content. problems is JSON: [{"row": 5, "problems": ["..."]}, ...]. */
    record ImportRow(long id, long siteId, String siteName, long sourceId, String sourceName, String fileName,
                     String status, int totalRows, int badRows, String problems, boolean skipBad, int processedRows,
                     int inserted, int updated, int unchanged, String error, Instant createdAt, Instant finishedAt) {}

    @SqlQuery("select id, name, cast(mapping as text) as mapping, rating_scale from ticket_source order by name")
    List<SourceRow> sources();

    @SqlQuery("select id, name, cast(mapping as text) as mapping, rating_scale from ticket_source where id = :id")
    Optional<SourceRow> source(@Bind("id") long id);

    @SqlQuery("select id, name, cast(mapping as text) as mapping, rating_scale from ticket_source where name = :name")
    Optional<SourceRow> sourceNamed(@Bind("name") String name);

    @SqlUpdate("insert into ticket_source (name, mapping, rating_scale) values (:name, cast(:mapping as jsonb), :scale)")
    @GetGeneratedKeys("id")
    long insertSource(@Bind("name") String name, @Bind("mapping") String mapping, @Bind("scale") String scale);

    @SqlUpdate("""
            update ticket_source set mapping = cast(:mapping as jsonb), rating_scale = :scale, updated_at = now()
             where id = :id
            """)
    void updateSource(@Bind("id") long id, @Bind("mapping") String mapping, @Bind("scale") String scale);

    String IMPORT = """
            select i.id, i.site_id, s.name as site_name, i.source_id, o.name as source_name, i.file_name, i.status,
                   i.total_rows, i.bad_rows, cast(i.problems as text) as problems, i.skip_bad, i.processed_rows,
                   i.inserted, i.updated, i.unchanged, i.error, i.created_at, i.finished_at
              from ticket_import i join site s on s.id = i.site_id join ticket_source o on o.id = i.source_id
            """;

    @SqlQuery(IMPORT + " where i.id = :id")
    Optional<ImportRow> find(@Bind("id") long id);

    @SqlQuery(IMPORT + " order by i.id desc limit :limit")
    List<ImportRow> recent(@Bind("limit") int limit);

    /** One value, the file's bytes (without @SingleValue JDBI would read byte[] as rows of bytes). */
    @SqlQuery("select content from ticket_import where id = :id")
    @SingleValue
    byte[] content(@Bind("id") long id);

    @SqlUpdate("""
            insert into ticket_import (site_id, source_id, file_name, content, status, created_by)
            values (:siteId, :sourceId, :fileName, :content, 'UPLOADED', :createdBy)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("siteId") long siteId, @Bind("sourceId") long sourceId, @Bind("fileName") String fileName,
                @Bind("content") byte[] content, @Bind("createdBy") Long createdBy);

    @SqlUpdate("""
            update ticket_import set status = :status, total_rows = :total, bad_rows = :bad,
                   problems = cast(:problems as jsonb)
             where id = :id and status in ('UPLOADED', 'CHECKED')
            """)
    int checked(@Bind("id") long id, @Bind("status") String status, @Bind("total") int total, @Bind("bad") int bad,
                @Bind("problems") String problems);

    /** Only a checked file starts, and only once: two clicks cannot run it twice. */
    @SqlUpdate("""
            update ticket_import set status = 'RUNNING', skip_bad = :skipBad, processed_rows = 0
             where id = :id and status = 'CHECKED'
            """)
    int start(@Bind("id") long id, @Bind("skipBad") boolean skipBad);

    @SqlUpdate("update ticket_import set processed_rows = :processed where id = :id")
    void progress(@Bind("id") long id, @Bind("processed") int processed);

    @SqlUpdate("""
            update ticket_import set status = 'DONE', processed_rows = total_rows, inserted = :inserted,
                   updated = :updated, unchanged = :unchanged, finished_at = :at
             where id = :id
            """)
    void done(@Bind("id") long id, @Bind("inserted") int inserted, @Bind("updated") int updated,
              @Bind("unchanged") int unchanged, @Bind("at") Instant at);

    @SqlUpdate("update ticket_import set status = 'FAILED', error = :error, finished_at = :at where id = :id")
    void failed(@Bind("id") long id, @Bind("error") String error, @Bind("at") Instant at);
}
