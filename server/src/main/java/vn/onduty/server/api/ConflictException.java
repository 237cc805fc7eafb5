package vn.onduty.server.api;

/** The request clashes with what is stored (a number already used, a stale state): HTTP 409. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
