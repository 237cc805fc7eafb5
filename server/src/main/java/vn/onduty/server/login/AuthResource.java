package vn.onduty.server.login;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import vn.onduty.server.auth.Caller;

/** API sign-in: exchange a username and password for a bearer token. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class AuthResource {

    public record Credentials(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 200) String password) {}

    public record Token(String token, Instant expiresAt, List<String> roles) {}

    public record Me(long id, String username, List<String> roles, Long staffId, List<Long> scopeSiteIds,
                     List<Long> scopeDepartmentIds, String language) {}

    private final AuthService auth;

    public AuthResource(AuthService auth) {
        this.auth = auth;
    }

    @POST
    @Path("/login")
    @PermitAll
    @Operation(summary = "Sign in and get a bearer token",
            responses = {@ApiResponse(responseCode = "200", description = "token, expiry and roles"),
                          @ApiResponse(responseCode = "401", description = "wrong username or password"),
                          @ApiResponse(responseCode = "429", description = "too many failed attempts for this username"
                                  + " (locked for a while that doubles with each further failure) or from this address;"
                                  + " Retry-After says when to try again")})
    public Token login(@NotNull @Valid Credentials credentials, @Context HttpServletRequest request,
                       @Parameter(hidden = true) @CookieParam(DeviceCookies.COOKIE) String deviceCookie) {
        LoginResult r = auth.login(credentials.username(), credentials.password(), request.getRemoteAddr(), AuthService.API,
                deviceCookie);
        return new Token(r.token(), r.expiresAt(), r.roles());
    }

    @POST
    @Path("/logout")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Revoke the token used for this request")
    public Response logout(@Parameter(hidden = true) @Auth Caller caller) {
        auth.logout(caller);
        return Response.noContent().build();
    }

    @GET
    @Path("/me")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Who the token belongs to: roles, linked staff member and supervisor scope")
    public Me me(@Parameter(hidden = true) @Auth Caller caller) {
        return new Me(caller.id(), caller.name(), caller.roles().stream().map(Enum::name).sorted().toList(),
                caller.staffId(), caller.scopeSiteIds().stream().sorted().toList(),
                caller.scopeDepartmentIds().stream().sorted().toList(), caller.language());
    }
}
