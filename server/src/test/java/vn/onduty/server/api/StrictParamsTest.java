package vn.onduty.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ParamConverter;
import java.lang.annotation.Annotation;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.glassfish.jersey.internal.inject.ExtractorException;
import org.glassfish.jersey.server.ParamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictParamsTest {

    private final StrictParams provider = new StrictParams();

    @Test
    void readsIsoDatesAndMonths() {
        assertThat(convert(LocalDate.class, "2026-11-26")).isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(convert(LocalDate.class, " 2026-11-26 ")).as("as a form or a hand-typed address sends it")
                .isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(convert(YearMonth.class, "2026-02")).isEqualTo(YearMonth.of(2026, 2));
    }

    @Test
    void readsIdsAndWholeNumbers() {
        assertThat(convert(Long.class, "12")).isEqualTo(12L);
        assertThat(convert(long.class, "7")).isEqualTo(7L);
        assertThat(convert(Integer.class, "3")).isEqualTo(3);
        assertThat(convert(int.class, "-1")).isEqualTo(-1);
    }

    @Test
    void readsBooleansStrictly() {
        assertThat(convert(Boolean.class, "true")).isTrue();
        assertThat(convert(boolean.class, "FALSE")).isFalse();
        assertThatThrownBy(() -> convert(Boolean.class, "yes")).isInstanceOf(Params.BadValueException.class);
        assertThatThrownBy(() -> convert(boolean.class, "1")).isInstanceOf(Params.BadValueException.class);
    }

    @Test
    void blankIsNotGivenAndPrimitivesKeepTheirDefault() {
        for (Class<?> type : List.of(LocalDate.class, YearMonth.class, Long.class, Integer.class, Boolean.class)) {
            assertThat(convert(type, null)).as(type.getSimpleName()).isNull();
            assertThat(convert(type, "")).as("%s: the 'all' option of a filter sends ?siteId=", type.getSimpleName())
                    .isNull();
            assertThat(convert(type, "  ")).isNull();
        }
        assertThat(convert(long.class, "")).isEqualTo(0L);
        assertThat(convert(int.class, null)).isEqualTo(0);
        assertThat(convert(boolean.class, null)).isEqualTo(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"26/11/2026", "2026-11-31", "2026-13-01", "20261126", "mai", "1899-12-31", "2200-01-01",
            "0001-01-01", "2026-11-26T00:00:00Z"})
    void refusesWhatIsNotADate(String text) {
        assertThatThrownBy(() -> convert(LocalDate.class, text))
                .isInstanceOfSatisfying(Params.BadValueException.class, e -> {
                    assertThat(e.format()).isEqualTo(Params.Format.DATE);
                    assertThat(e.value()).isEqualTo(text);
                    assertThat(e.getMessage()).isEqualTo("must be a date as yyyy-MM-dd from 1900 to 2199, such as 2026-11-26,"
                            + " not '" + text + "'");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13", "11/2026", "2026-1", "2026", "2026-11-01", "1899-12", "abc"})
    void refusesWhatIsNotAMonth(String text) {
        assertThatThrownBy(() -> convert(YearMonth.class, text))
                .isInstanceOfSatisfying(Params.BadValueException.class, e -> assertThat(e.format()).isEqualTo(Params.Format.MONTH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "12.0", "1e3", "0x10", "9223372036854775808", "12 3"})
    void refusesWhatIsNotAWholeNumber(String text) {
        assertThatThrownBy(() -> convert(Long.class, text))
                .isInstanceOfSatisfying(Params.BadValueException.class,
                        e -> assertThat(e.format()).isEqualTo(Params.Format.WHOLE_NUMBER));
        assertThatThrownBy(() -> convert(long.class, text)).isInstanceOf(Params.BadValueException.class);
    }

    @Test
    void refusesAnIntegerOutOfRange() {
        assertThatThrownBy(() -> convert(Integer.class, "2147483648")).isInstanceOf(Params.BadValueException.class);
    }

    @Test
    void leavesOtherTypesToJersey() {
        assertThat(provider.getConverter(String.class, String.class, new Annotation[0])).isNull();
        assertThat(provider.getConverter(java.time.Instant.class, java.time.Instant.class, new Annotation[0])).isNull();
    }

    @Test
    void aBadParameterIsA400NamingItAndItsFormat() {
        Params.BadValueException bad = new Params.BadValueException(Params.Format.MONTH, "2026-13");
        Response r = new ExceptionMappers.BadParameter().toResponse(
                new ParamException.QueryParamException(new ExtractorException(bad), "month", null));
        assertThat(r.getStatus()).isEqualTo(400);
        ErrorBody body = (ErrorBody) r.getEntity();
        assertThat(body.message()).isEqualTo("Bad query parameter: month must be a month as yyyy-MM from 1900 to 2199,"
                + " such as 2026-11, not '2026-13'");
        assertThat(body.details()).containsExactly("month must be a month as yyyy-MM from 1900 to 2199, such as 2026-11,"
                + " not '2026-13'");
        assertThat(body.pageText()).isEqualTo(new ErrorBody.PageText("error.badParameter.month", List.of("month", "2026-13")));
    }

    @Test
    void aParameterOfAnotherTypeIsStillA400NamingItWithJerseysReason() {
        Response r = new ExceptionMappers.BadParameter().toResponse(new ParamException.QueryParamException(
                new IllegalArgumentException("must be one of PENDING, APPROVED"), "status", null));
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(((ErrorBody) r.getEntity()).details()).containsExactly("status must be one of PENDING, APPROVED");
        assertThat(((ErrorBody) r.getEntity()).pageText()).isNull();

        Response silent = new ExceptionMappers.BadParameter().toResponse(
                new ParamException.PathParamException(new ExtractorException((String) null), "id", null));
        assertThat(((ErrorBody) silent.getEntity()).details()).containsExactly("id is not valid");
    }

    @SuppressWarnings("unchecked")
    private <T> T convert(Class<T> type, String text) {
        ParamConverter<T> c = provider.getConverter(type, type, new Annotation[] {query()});
        assertThat(c).as("a converter for " + type).isNotNull();
        return c.fromString(text);
    }

    private static QueryParam query() {
        return new QueryParam() {
            @Override
            public String value() {
                return "p";
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return QueryParam.class;
            }
        };
    }
}
