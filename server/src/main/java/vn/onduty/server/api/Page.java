package vn.onduty.server.api;

import java.util.List;
import java.util.function.Function;

/** One page of a list answer: the items, where it starts, and how many match in all. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public int pages() {
        return size == 0 ? 0 : (int) ((total + size - 1) / size);
    }

    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), page, size, total);
    }
}
