package vn.onduty.server.org.account;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;

@Path("/api/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
@SecurityRequirement(name = "bearer")
@RolesAllowed("ADMIN")
public class AccountResource {

    private final AccountService accounts;

    public AccountResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @GET
    @Operation(summary = "List accounts", description = "Paged; q searches username and the linked staff member's name; role filters.")
    public Page<Account> list(@QueryParam("q") String q, @QueryParam("role") String role,
                              @QueryParam("active") Boolean active,
                              @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return accounts.list(q, role, active, PageRequest.of(page, size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one account")
    public Account get(@PathParam("id") long id) {
        return accounts.find(id).orElseThrow(() -> new NotFoundException("No account " + id));
    }

    @POST
    @Operation(summary = "Create an account", description = "OFFICER accounts must name their staffId; scope applies to SUPERVISOR.")
    public Response create(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid AccountInput input) {
        return Response.status(201).entity(accounts.create(input, caller)).build();
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Change roles, linked staff member, scope and language", description = "username and password in the body are ignored.")
    public Account update(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id, @NotNull @Valid AccountInput input) {
        return accounts.update(id, input, caller);
    }

    @POST
    @Path("/{id}/password")
    @Operation(summary = "Set a new password", description = "Ends the account's open sessions.")
    public Account setPassword(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id, @NotNull @Valid PasswordInput input) {
        return accounts.setPassword(id, input.password(), caller);
    }

    @POST
    @Path("/{id}/deactivate")
    @Operation(summary = "Deactivate an account", description = "Ends its sessions; the last active admin cannot be deactivated.")
    public Account deactivate(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return accounts.setActive(id, false, caller);
    }

    @POST
    @Path("/{id}/reactivate")
    @Operation(summary = "Reactivate an account")
    public Account reactivate(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return accounts.setActive(id, true, caller);
    }
}
