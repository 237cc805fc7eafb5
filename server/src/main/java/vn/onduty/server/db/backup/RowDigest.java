package vn.onduty.server.db.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes COPY's text output through while counting its rows and taking its SHA-256. COPY's text format ends every
 * row with a newline and escapes newlines inside values, so rows are newline bytes.
 */
final class RowDigest extends FilterOutputStream {

    private final MessageDigest sha256;
    private long rows;

    RowDigest(OutputStream out) {
        super(out);
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Counts and digests without keeping the bytes. */
    static RowDigest discarding() {
        return new RowDigest(OutputStream.nullOutputStream());
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        if (b == '\n') {
            rows++;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                rows++;
            }
        }
    }

    /** Leaves the stream under it open: it is the next entry's too. */
    @Override
    public void close() throws IOException {
        flush();
    }

    long rows() {
        return rows;
    }

    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
