package vn.onduty.server.imports;

/**
 * What an import did with one record it was given by its natural key (a department's code, a staff member's code):
 * created it, changed it, or found it already so. A record found already so is not written and not audited, so the
 * same file imported twice changes nothing.
 */
public record Upsert<T>(T record, Outcome outcome) {

    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    public static <T> Upsert<T> created(T record) {
        return new Upsert<>(record, Outcome.CREATED);
    }

    public static <T> Upsert<T> updated(T record) {
        return new Upsert<>(record, Outcome.UPDATED);
    }

    public static <T> Upsert<T> unchanged(T record) {
        return new Upsert<>(record, Outcome.UNCHANGED);
    }
}
