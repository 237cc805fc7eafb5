package vn.onduty.server.login;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import vn.onduty.server.api.Errors;

/** The login failures in the one error body: 401 for a refused login, 429 with Retry-After for too many tries. */
public final class LoginExceptionMappers {

    private LoginExceptionMappers() {}

    public static List<Object> all() {
        return List.of(new LoginFailed(), new TooManyLogins());
    }

    public static final class LoginFailed implements ExceptionMapper<LoginFailedException> {
        @Override
        public Response toResponse(LoginFailedException e) {
            return Errors.unauthorized(e.getMessage());
        }
    }

    public static final class TooManyLogins implements ExceptionMapper<TooManyLoginAttemptsException> {
        @Override
        public Response toResponse(TooManyLoginAttemptsException e) {
            return Response.fromResponse(Errors.response(429, e.getMessage(), List.of()))
                    .header("Retry-After", Math.max(1, e.retryAfter().toSeconds()))
                    .build();
        }
    }
}
