package vn.onduty.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyLimitFilterTest {

    @Test
    void namesLimitsInTheUnitsTheProtocolUses() {
        assertThat(BodyLimitFilter.readable(1 << 20)).isEqualTo("1 MiB");
        assertThat(BodyLimitFilter.readable(2 * 1024 * 1024 + 64 * 1024)).isEqualTo("2.1 MiB");
        assertThat(BodyLimitFilter.readable(512 * 1024)).isEqualTo("512 KiB");
        assertThat(BodyLimitFilter.readable(900)).isEqualTo("900 bytes");
    }

    @Test
    void aMethodWithoutItsOwnLimitGetsTheDefault() throws NoSuchMethodException {
        BodyLimitFilter filter = new BodyLimitFilter(1 << 20);
        assertThat(filter.limitFor(null)).isEqualTo(1 << 20);
        assertThat(filter.limitFor(Object.class.getMethod("toString"))).isEqualTo(1 << 20);
        assertThat(filter.limitFor(Uploads.class.getMethod("upload"))).isEqualTo(5_000_000);
    }

    static class Uploads {
        @BodyLimit(5_000_000)
        public void upload() {}
    }
}
