package vn.onduty.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.dropwizard.jersey.validation.ConstraintMessage;
import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.jetty.io.EofException;
import org.glassfish.jersey.server.ParamException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.db.DatabaseFailures;

/** One mapper per failure, all answering with {@link ErrorBody}. Registered instead of Dropwizard's defaults. */
public final class ExceptionMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ExceptionMappers.class);

    private ExceptionMappers() {}

    /**
     * The answer for a failure a user can fix (409, 422, 404, 403), or empty for a server fault.
     * Web forms use it to show the problem beside the form instead of an error page.
     */
    public static java.util.Optional<KnownFailure> known(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConflictException c) {
                return java.util.Optional.of(new KnownFailure(409, c.getMessage(), List.of(), null));
            }
            if (t instanceof InvalidInputException i) {
                return java.util.Optional.of(new KnownFailure(422, i.getMessage(), i.details(), null));
            }
            if (t instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
                return java.util.Optional.of(new KnownFailure(w.getResponse().getStatus(), w.getMessage(), List.of(), null));
            }
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
                Response r = Unexpected.fromDatabase(p);
                if (r != null) {
                    ErrorBody b = (ErrorBody) r.getEntity();
                    return java.util.Optional.of(new KnownFailure(b.code(), b.message(), b.details(),
                            p.getServerErrorMessage().getConstraint()));
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** A failure the user can fix; {@code constraint} names the database rule broken, if one was. */
    public record KnownFailure(int code, String message, List<String> details, String constraint) {}

    public static List<Object> all() {
        return List.of(new WebApplication(), new BadParameter(), new MalformedJson(), new Violations(), new Conflict(), new Invalid(),
                new ClientGone(), new Unexpected());
    }

    public static final class WebApplication implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response r = e.getResponse();
            if (r.hasEntity()) {
                return r;
            }
            String message = e.getMessage() == null || e.getMessage().startsWith("HTTP ")
                    ? r.getStatusInfo().getReasonPhrase() : e.getMessage();
            Response.ResponseBuilder b = Response.fromResponse(r).entity(new ErrorBody(r.getStatus(), message))
                    .type("application/json");
            return b.build();
        }
    }

    /**
     * A query, path or form parameter that does not parse ({@code date=26/11/2026}, {@code siteId=abc},
     * {@code active=yes}). JAX-RS answers 404 for these, which reads as "no such thing"; 400 naming the parameter
     * and the format expected is what it is. Pages show it in the reader's language.
     */
    public static final class BadParameter implements ExceptionMapper<ParamException> {
        @Override
        public Response toResponse(ParamException e) {
            String where = e.getParameterType().getSimpleName().replace("Param", "").toLowerCase(java.util.Locale.ROOT);
            Params.BadValueException bad = null;
            Throwable c = e;
            while (c != null && bad == null) {
                bad = c instanceof Params.BadValueException b ? b : null;
                c = c.getCause();
            }
            if (bad == null) {
                // A type StrictParams does not read (an enum, say): the deepest reason Jersey kept.
                Throwable why = e;
                while (why.getCause() != null) {
                    why = why.getCause();
                }
                String detail = e.getParameterName() + " " + (why == e || why.getMessage() == null ? "is not valid"
                        : why.getMessage());
                return Errors.response(400, "Bad " + where + " parameter: " + detail, List.of(detail));
            }
            String detail = e.getParameterName() + " " + bad.getMessage();
            return Errors.response(new ErrorBody(400, "Bad " + where + " parameter: " + detail, List.of(detail),
                    new ErrorBody.PageText("error.badParameter." + bad.format().key(),
                            List.of(e.getParameterName(), bad.value()))));
        }
    }

    public static final class MalformedJson implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            String where = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                    ? " at '" + m.getPath().stream()
                            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                            .collect(Collectors.joining(".")) + "'"
                    : "";
            String detail = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            return Errors.response(400, "Malformed JSON" + where + ": " + detail, List.of());
        }
    }

    public static final class Violations implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException e) {
            List<String> details = e.getConstraintViolations().stream()
                    .map(v -> e instanceof JerseyViolationException j
                            ? ConstraintMessage.getMessage(v, j.getInvocable())
                            : path(v) + " " + v.getMessage())
                    .sorted()
                    .toList();
            return Errors.response(422, "Validation failed: " + String.join("; ", details), details);
        }

        private static String path(ConstraintViolation<?> v) {
            String p = v.getPropertyPath().toString();
            int dot = p.lastIndexOf('.');
            return dot < 0 ? p : p.substring(dot + 1);
        }
    }

    public static final class Conflict implements ExceptionMapper<ConflictException> {
        @Override
        public Response toResponse(ConflictException e) {
            return Errors.response(409, e.getMessage(), List.of());
        }
    }

    public static final class Invalid implements ExceptionMapper<InvalidInputException> {
        @Override
        public Response toResponse(InvalidInputException e) {
            return Errors.response(422, e.getMessage() + ": " + String.join("; ", e.details()), e.details());
        }
    }

    public static final class ClientGone implements ExceptionMapper<EofException> {
        @Override
        public Response toResponse(EofException e) {
            return Errors.response(400, "The request body ended early", List.of());
        }
    }

    /**
     * Database rule violations become 409/422 naming the field; every connection of the pool in use (the server is
     * overloaded) a 503 with Retry-After, which agents obey; anything else is a logged 500.
     */
    public static final class Unexpected implements ExceptionMapper<Throwable> {

        /** Seconds a caller refused for lack of a database connection is asked to wait. */
        static final int BUSY_RETRY_AFTER_SECONDS = 5;
        private static final java.util.concurrent.atomic.AtomicLong BUSY_REFUSED = new java.util.concurrent.atomic.AtomicLong();
        private static final java.util.concurrent.atomic.AtomicLong BUSY_LOGGED_AT = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public Response toResponse(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof org.apache.tomcat.jdbc.pool.PoolExhaustedException) {
                    return busy();
                }
                if (t instanceof ConflictException c) {
                    return new Conflict().toResponse(c);
                }
                if (t instanceof InvalidInputException i) {
                    return new Invalid().toResponse(i);
                }
                if (t instanceof WebApplicationException w) {
                    return new WebApplication().toResponse(w);
                }
                if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
                    Response r = fromDatabase(p);
                    if (r != null) {
                        return r;
                    }
                }
            }
            String ref = UUID.randomUUID().toString().substring(0, 8);
            // Database messages repeat the values bound to the statement (hashes, tokens, passwords): never logged.
            LOG.error("Unexpected error, reference {}", ref, DatabaseFailures.redacted(e));
            return Errors.response(500, "Internal error (reference " + ref + "); nothing was changed", List.of());
        }

        /**
         * Overload is not a fault of this request: no stack trace per refusal (formatting thousands of them was a
         * good part of an overloaded server's CPU in the fleet benchmark), one line at most every 10 s with the count.
         */
        private static Response busy() {
            long refused = BUSY_REFUSED.incrementAndGet();
            long now = System.nanoTime();
            long last = BUSY_LOGGED_AT.get();
            if ((last == 0 || now - last > 10_000_000_000L) && BUSY_LOGGED_AT.compareAndSet(last, now)) {
                LOG.warn("Every database connection is in use: answering 503 (Retry-After {} s); {} requests refused so "
                        + "since the server started (database.maxPoolSize, maxWaitForConnection in config.yml)",
                        BUSY_RETRY_AFTER_SECONDS, refused);
            }
            return Response.fromResponse(Errors.response(503, "The server is busy: every database connection is in use. "
                            + "Nothing was changed; try again in " + BUSY_RETRY_AFTER_SECONDS + " seconds", List.of()))
                    .header("Retry-After", String.valueOf(BUSY_RETRY_AFTER_SECONDS)).build();
        }

        private static Response fromDatabase(SQLException e) {
            ServerErrorMessage m = ((PSQLException) e).getServerErrorMessage();
            String constraint = m.getConstraint();
            String state = e.getSQLState();
            if ("23505".equals(state)) {
                return Errors.response(409, Constraints.describe(constraint, "already exists"), List.of());
            }
            if ("23503".equals(state)) {
                String d = Constraints.describe(constraint, "refers to a record that does not exist or is still in use");
                return Errors.response(422, d, List.of(d));
            }
            if ("23514".equals(state) || "23502".equals(state) || "22001".equals(state)) {
                String d = Constraints.describe(constraint, "is not allowed: " + m.getMessage());
                return Errors.response(422, d, List.of(d));
            }
            return null;
        }
    }
}
