package vn.onduty.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import org.apache.tomcat.jdbc.pool.PoolExhaustedException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;

class ExceptionMappersTest {

    /** How JDBI reports the pool's refusal when every connection is in use (tomcat-jdbc, Dropwizard's pool). */
    @Test
    void anExhaustedConnectionPoolIsA503WithRetryAfterNotAnInternalError() {
        Throwable refused = new ConnectionException(new PoolExhaustedException(
                "[dw-42] Timeout: Pool empty. Unable to fetch a connection in 1 seconds, none available[size:20; busy:20]"));

        Response r = new ExceptionMappers.Unexpected().toResponse(refused);

        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(((ErrorBody) r.getEntity()).message()).contains("busy").contains("Nothing was changed");
    }

    @Test
    void anyOtherFailureStaysAnInternalError() {
        Response r = new ExceptionMappers.Unexpected().toResponse(new IllegalStateException("a defect"));

        assertThat(r.getStatus()).isEqualTo(500);
        assertThat(r.getHeaderString("Retry-After")).isNull();
    }
}
