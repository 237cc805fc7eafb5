package vn.onduty.server.attendance;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Rows of attendance_session in PostgreSQL's binary COPY format, the columns of {@link AttendanceDao#COPY_SESSIONS}
 * in its order: the fastest way PostgreSQL takes rows in (no text to parse, no arrays to unpack, rows written in
 * batches). The format is PostgreSQL's own (the COPY chapter of its manual, "Binary Format"): a signature, then
 * per row the number of fields and each field as its length (-1 for null) and its bytes in the type's binary
 * form, big-endian: bigint 8 bytes, integer 4, date the days since 2000-01-01 in 4, timestamptz the
 * microseconds since 2000-01-01 00:00 UTC in 8, text its UTF-8 bytes.
 */
final class SessionCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final int FIELDS = 15;
    private static final long POSTGRES_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final long POSTGRES_EPOCH_SECOND = POSTGRES_EPOCH_DAY * 86_400;

    private SessionCopy() {
    }

    /** The rows, each stamped {@code computedAt}. */
    static byte[] encode(List<AttendanceSession> rows, Instant computedAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + rows.size() * 160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(SIGNATURE);
            out.writeInt(0); // flags: no OIDs
            out.writeInt(0); // no header extension
            for (AttendanceSession s : rows) {
                out.writeShort(FIELDS);
                bigint(out, s.staffId());
                date(out, s.workDate());
                text(out, s.part().name());
                bigint(out, s.siteId());
                text(out, s.status().name());
                timestamptz(out, s.startsAt());
                timestamptz(out, s.endsAt());
                timestamptz(out, s.inAt());
                timestamptz(out, s.outAt());
                integer(out, s.lateMinutes());
                integer(out, s.earlyLeaveMinutes());
                text(out, s.missing() == null ? null : s.missing().name());
                text(out, s.leaveCode());
                bigint(out, s.correctionId());
                timestamptz(out, computedAt);
            }
            out.writeShort(-1); // end of data
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static void bigint(DataOutputStream out, long value) throws IOException {
        out.writeInt(8);
        out.writeLong(value);
    }

    private static void bigint(DataOutputStream out, Long value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            bigint(out, value.longValue());
        }
    }

    private static void integer(DataOutputStream out, int value) throws IOException {
        out.writeInt(4);
        out.writeInt(value);
    }

    private static void date(DataOutputStream out, LocalDate value) throws IOException {
        out.writeInt(4);
        out.writeInt(Math.toIntExact(value.toEpochDay() - POSTGRES_EPOCH_DAY));
    }

    /** Microseconds, the precision PostgreSQL stores; the moments here (punches read from it, calendar times) have no finer digits. */
    private static void timestamptz(DataOutputStream out, Instant value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(8);
        out.writeLong(Math.addExact(Math.multiplyExact(value.getEpochSecond() - POSTGRES_EPOCH_SECOND, 1_000_000L),
                value.getNano() / 1_000));
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
