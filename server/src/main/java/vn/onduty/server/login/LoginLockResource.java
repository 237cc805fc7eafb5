package vn.onduty.server.login;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import vn.onduty.server.auth.Caller;

/** The sign-in locks in force ({@link LoginThrottle}), and lifting one: for admins. */
@Path("/api/login-locks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
@SecurityRequirement(name = "bearer")
@RolesAllowed("ADMIN")
public class LoginLockResource {

    public record Lifted(int lifted) {}

    private final LoginThrottle throttle;

    public LoginLockResource(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @GET
    @Operation(summary = "Usernames and addresses refused sign-in now",
            description = "accounts: usernames locked after too many failed logins in a row (knownBrowser: only for"
                    + " the one browser that signed in as them before and failed since; otherwise for every other"
                    + " client), with the failures, the end of the lock and the attempts refused during it."
                    + " addresses: addresses over auth.maxFailedLoginsPerAddress failures in auth.addressWindow"
                    + " (browsers that signed in before are never refused for their address).")
    public LoginThrottle.Locks list(@Parameter(hidden = true) @Auth Caller caller) {
        return throttle.current(caller);
    }

    @POST
    @Path("/accounts/{username}/lift")
    @Operation(summary = "Lift a username's sign-in locks now",
            description = "Forgets its failed logins for every browser; audited. Resetting the account's password"
                    + " does the same. lifted: how many locks or counts there were (0 when none).")
    public Lifted liftAccount(@Parameter(hidden = true) @Auth Caller caller, @PathParam("username") String username) {
        return new Lifted(throttle.liftAccount(username, caller));
    }

    @POST
    @Path("/addresses/{ip}/lift")
    @Operation(summary = "Let an address try to sign in again now",
            description = "Forgives the failed logins counted against the address (the audit log keeps them); audited."
                    + " lifted: how many failures were forgiven.")
    public Lifted liftAddress(@Parameter(hidden = true) @Auth Caller caller, @PathParam("ip") String ip) {
        return new Lifted(throttle.liftAddress(ip, caller));
    }
}
