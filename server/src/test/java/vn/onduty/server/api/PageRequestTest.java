package vn.onduty.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageRequestTest {

    @Test
    void defaultsToTheFirstPageOfFifty() {
        PageRequest p = PageRequest.of(null, null);
        assertThat(p.page()).isEqualTo(1);
        assertThat(p.size()).isEqualTo(50);
        assertThat(p.offset()).isZero();
    }

    @Test
    void skipsTheEarlierPages() {
        assertThat(PageRequest.of(3, 20).offset()).isEqualTo(40);
        assertThat(PageRequest.of(1, 200).offset()).isZero();
    }

    @Test
    void acceptsSizesFromOneTo200() {
        assertThat(PageRequest.of(1, 1).size()).isEqualTo(1);
        assertThat(PageRequest.of(1, PageRequest.MAX_SIZE).size()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void refusesPagesBeforeTheFirst(int page) {
        assertThatThrownBy(() -> PageRequest.of(page, 10))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.details()).containsExactly("page must be 1 or more"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, 201, 10_000})
    void refusesSizesOutsideOneTo200(int size) {
        assertThatThrownBy(() -> PageRequest.of(1, size))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.details()).containsExactly("size must be between 1 and 200"));
    }

    @Test
    void pageCountsRoundUp() {
        assertThat(new Page<>(java.util.List.of(), 1, 50, 101).pages()).isEqualTo(3);
        assertThat(new Page<>(java.util.List.of(), 1, 50, 100).pages()).isEqualTo(2);
        assertThat(new Page<>(java.util.List.of(), 1, 50, 0).pages()).isZero();
    }
}
