package vn.onduty.server.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A set of moments as sorted, disjoint, half-open stretches [start, end) of epoch milliseconds, with the
 * few operations the joined measures are made of: union, intersection, difference and total length.
 */
final class Spans {

    static final Spans EMPTY = new Spans(new long[0]);

    /** start0, end0, start1, end1, ... sorted, disjoint, no empty stretch. */
    private final long[] bounds;

    private Spans(long[] bounds) {
        this.bounds = bounds;
    }

    static Spans of(Instant start, Instant end) {
        if (start == null || end == null || !end.isAfter(start)) {
            return EMPTY;
        }
        return new Spans(new long[] {start.toEpochMilli(), end.toEpochMilli()});
    }

    /** The union of stretches given in any order, overlapping or not. */
    static Spans union(Collection<Spans> parts) {
        List<long[]> all = new ArrayList<>();
        for (Spans s : parts) {
            for (int i = 0; i < s.bounds.length; i += 2) {
                all.add(new long[] {s.bounds[i], s.bounds[i + 1]});
            }
        }
        all.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] out = new long[all.size() * 2];
        int n = 0;
        for (long[] p : all) {
            if (n > 0 && p[0] <= out[n - 1]) {
                out[n - 1] = Math.max(out[n - 1], p[1]);
            } else {
                out[n++] = p[0];
                out[n++] = p[1];
            }
        }
        return new Spans(Arrays.copyOf(out, n));
    }

    Spans or(Spans other) {
        return union(List.of(this, other));
    }

    Spans and(Spans other) {
        long[] a = bounds;
        long[] b = other.bounds;
        long[] out = new long[a.length + b.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            long start = Math.max(a[i], b[j]);
            long end = Math.min(a[i + 1], b[j + 1]);
            if (start < end) {
                out[n++] = start;
                out[n++] = end;
            }
            if (a[i + 1] < b[j + 1]) {
                i += 2;
            } else {
                j += 2;
            }
        }
        return new Spans(Arrays.copyOf(out, n));
    }

    Spans minus(Spans other) {
        long[] b = other.bounds;
        long[] out = new long[bounds.length + b.length];
        int n = 0;
        int j = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            long start = bounds[i];
            long end = bounds[i + 1];
            while (j < b.length && b[j + 1] <= start) {
                j += 2;
            }
            int k = j;
            while (k < b.length && b[k] < end) {
                if (b[k] > start) {
                    out[n++] = start;
                    out[n++] = b[k];
                }
                start = Math.max(start, b[k + 1]);
                k += 2;
            }
            if (start < end) {
                out[n++] = start;
                out[n++] = end;
            }
        }
        return new Spans(Arrays.copyOf(out, n));
    }

    long millis() {
        long total = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            total += bounds[i + 1] - bounds[i];
        }
        return total;
    }

    long seconds() {
        return Math.round(millis() / 1000.0);
    }

    boolean isEmpty() {
        return bounds.length == 0;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < bounds.length; i += 2) {
            s.append(i == 0 ? "" : ", ").append(Instant.ofEpochMilli(bounds[i])).append("..").append(Instant.ofEpochMilli(bounds[i + 1]));
        }
        return s.append(']').toString();
    }
}
