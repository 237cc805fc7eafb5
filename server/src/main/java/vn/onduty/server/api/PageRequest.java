package vn.onduty.server.api;

/** Paging parameters, clamped: page from 1, size 1..200 (default 50). */
public record PageRequest(int page, int size) {

    public static final int MAX_SIZE = 200;

    public static PageRequest of(Integer page, Integer size) {
        int p = page == null ? 1 : page;
        int s = size == null ? 50 : size;
        if (p < 1) {
            throw InvalidInputException.field("page", "must be 1 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw InvalidInputException.field("size", "must be between 1 and " + MAX_SIZE);
        }
        return new PageRequest(p, s);
    }

    public int offset() {
        return (page - 1) * size;
    }
}
