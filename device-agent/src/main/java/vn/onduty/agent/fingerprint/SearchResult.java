package vn.onduty.agent.fingerprint;

/**
 * Outcome of Search / HighSpeedSearch: the page (slot) whose template matched and how well,
 * or the code that says why nothing matched.
 *
 * @param code  raw confirmation code; 0 means found
 * @param page  matching template page, meaningful only when found
 * @param score match score, meaningful only when found
 */
public record SearchResult(int code, int page, int score) {

    static final int DATA_LENGTH = 4;

    public static SearchResult parse(Reply reply) {
        if (reply.ok() && reply.data().length != DATA_LENGTH) {
            throw new IllegalArgumentException("search reply carries " + reply.data().length + " data bytes, not " + DATA_LENGTH);
        }
        if (!reply.ok()) {
            return new SearchResult(reply.code(), -1, 0);
        }
        return new SearchResult(0, reply.unsignedShort(0), reply.unsignedShort(2));
    }

    public boolean found() {
        return code == 0;
    }

    public Confirmation confirmation() {
        return Confirmation.of(code);
    }
}
