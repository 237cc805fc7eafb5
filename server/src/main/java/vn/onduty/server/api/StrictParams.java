package vn.onduty.server.api;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads query, path and form parameters typed {@link LocalDate} (yyyy-MM-dd), {@link YearMonth} (yyyy-MM),
 * {@link Params.Moment} (an instant or a date), ids and
 * other whole numbers ({@code Long}, {@code Integer}) and booleans with {@link Params}, so that a resource takes
 * {@code @QueryParam("month") YearMonth month} and never parses by hand. A value that does not read is refused
 * (400 naming the parameter and the format, see {@link ExceptionMappers.BadParameter}); a blank one is "not given":
 * null, or the default a primitive has ({@code ?siteId=} is the "all sites" choice of a filter).
 */
public final class StrictParams implements ParamConverterProvider {

    private static final Map<Class<?>, Converter<?>> CONVERTERS = Map.of(
            LocalDate.class, new Converter<>(Params::date, null),
            YearMonth.class, new Converter<>(Params::month, null),
            Params.Moment.class, new Converter<>(Params::moment, null),
            Long.class, new Converter<>(Params::wholeNumber, null),
            long.class, new Converter<>(Params::wholeNumber, 0L),
            Integer.class, new Converter<>(Params::integer, null),
            int.class, new Converter<>(Params::integer, 0),
            Boolean.class, new Converter<>(Params::bool, null),
            boolean.class, new Converter<>(Params::bool, false));

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return (ParamConverter<T>) CONVERTERS.get(rawType);
    }

    private record Converter<T>(Function<String, T> read, T blank) implements ParamConverter<T> {
        @Override
        public T fromString(String value) {
            T v = read.apply(value);
            return v == null ? blank : v;
        }

        @Override
        public String toString(T value) {
            return String.valueOf(value);
        }
    }
}
