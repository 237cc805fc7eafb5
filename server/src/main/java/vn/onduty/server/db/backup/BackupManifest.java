package vn.onduty.server.db.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * What a backup file holds besides the rows: when its snapshot was taken, which migrations had built the schema,
 * and per table its columns, row count and the SHA-256 of its rows as written (the restore recomputes both and
 * refuses a database that differs). Stored as {@code manifest.json}, the last entry of the file.
 */
public record BackupManifest(String format, Instant snapshotAt, String snapshotId, String server, String database,
                             List<ChangeSetRef> changeSets, List<Table> tables, List<Partition> partitions,
                             List<Sequence> sequences) {

    public static final String FORMAT = "onduty-backup/1";
    static final String ENTRY = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** A Liquibase change set that had run on the database backed up, in the order it ran. */
    public record ChangeSetRef(String id, String author, String filename) {}

    /**
     * A table (a partitioned one holds the rows of all its partitions), its columns as copied (generated columns are
     * computed again on restore), the columns its rows are ordered by, and the digest of its entry.
     */
    public record Table(String schema, String name, List<String> columns, List<String> orderBy, String entry,
                        long rows, String sha256) {
        public String qualified() {
            return Sql.qualified(schema, name);
        }
    }

    /** A partition, recreated on restore when the migrations do not make it (a month a job added). */
    public record Partition(String schema, String name, String parentSchema, String parent, String bound) {}

    /** A sequence's position, so that new rows after a restore get new ids. */
    public record Sequence(String schema, String name, long lastValue, boolean called) {}

    public long rows() {
        return tables.stream().mapToLong(Table::rows).sum();
    }

    void write(OutputStream out) throws IOException {
        JSON.writeValue(out, this);
    }

    static BackupManifest read(InputStream in) throws IOException {
        return JSON.readValue(in, BackupManifest.class);
    }
}
