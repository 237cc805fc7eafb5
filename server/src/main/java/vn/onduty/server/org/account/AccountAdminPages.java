package vn.onduty.server.org.account;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.auth.Role;
import vn.onduty.server.login.LoginThrottle;
import vn.onduty.server.login.PasswordHasher;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.org.staff.Staff;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.ListFilters;
import vn.onduty.server.web.Messages;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.RecordForm;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * Admin pages for sign-in accounts: list, create (with a first password), change roles, linked staff
 * member, supervisor scope and language, set a new password, deactivate and reactivate; the sign-in locks in force
 * (usernames and addresses refused after too many failed logins) and lifting one. A password is never written back
 * into a page, and the account record holds no hash to show.
 */
@Path("/admin/accounts")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class AccountAdminPages {

    public static final List<String> ROLES = List.of(Role.OFFICER.name(), Role.SUPERVISOR.name(), Role.ADMIN.name());
    /** How many staff members the picker lists before the admin has to search. */
    private static final int STAFF_CHOICES = PageRequest.MAX_SIZE;

    private final Web web;
    private final Forms forms;
    private final AccountService accounts;
    private final StaffService staff;
    private final OrgChoices org;
    private final LoginThrottle throttle;
    private final RecordForm<Account, AccountInput> form;

    public AccountAdminPages(Web web, Forms forms, AccountService accounts, StaffService staff, OrgChoices org,
                             LoginThrottle throttle) {
        this.web = web;
        this.forms = forms;
        this.accounts = accounts;
        this.staff = staff;
        this.org = org;
        this.throttle = throttle;
        this.form = RecordForm.of(forms, "/admin/accounts", "account", "accounts", AccountAdminPages::read,
                        AccountAdminPages::current)
                .checking(AccountAdminPages::usernameAndPassword)
                .showing(this::choices);
    }

    @GET
    public PageView list(@Context ContainerRequestContext request, @QueryParam("q") String q,
                         @QueryParam("role") String role, @QueryParam("active") String active,
                         @QueryParam("page") Integer page, @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        String roleFilter = role != null && ROLES.contains(role) ? role : "";
        Page<Account> result = accounts.list(q, roleFilter, ListFilters.active(active),
                PageRequest.of(ListFilters.page(page), 25));
        Map<String, String> staffNames = new HashMap<>();
        result.items().stream().map(Account::staffId).filter(Objects::nonNull).distinct().forEach(id ->
                staff.find(id, ctx.caller()).ifPresent(s -> staffNames.put(id.toString(), s.fullName())));
        Map<String, Object> data = new HashMap<>();
        data.put("result", result);
        data.put("staffNames", staffNames);
        data.put("q", q == null ? "" : q);
        data.put("role", roleFilter);
        data.put("roles", ROLES);
        data.put("active", active == null ? "true" : active);
        data.put("locks", throttle.current(ctx.caller()));
        data.put("maxFailedLogins", throttle.maxFailedLogins());
        ListFilters.done(data, done);
        return new PageView("account/accounts.ftlh", ctx, "accounts.title", data);
    }

    /** Lifts the sign-in locks of a username, or of an address, at once. */
    @POST
    @Path("locks/lift")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response liftLock(@Context ContainerRequestContext request, MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        String username = Forms.text(body, "username");
        String address = Forms.text(body, "address");
        if ((username == null) == (address == null)) {
            throw new InvalidInputException("Give either username or address", List.of("username or address is required"));
        }
        if (username != null) {
            throttle.liftAccount(username, ctx.caller());
        } else {
            throttle.liftAddress(address, ctx.caller());
        }
        return Response.seeOther(URI.create("/admin/accounts?done=unlockedSignIn#login-locks")).build();
    }

    @GET
    @Path("new")
    public PageView createForm(@Context ContainerRequestContext request) {
        // The account is for someone else: start from the site's language, not the admin's own choice.
        AccountInput blank = new AccountInput("", null, List.of(Role.OFFICER.name()), null, List.of(), List.of(),
                web.i18n().defaultLanguage());
        return form.blank(web.context(request), blank);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        return form.create(ctx, body, input -> accounts.create(input, ctx.caller()).id());
    }

    @GET
    @Path("{id}")
    public PageView editForm(@Context ContainerRequestContext request, @PathParam("id") long id,
                             @QueryParam("done") String done) {
        return form.edit(web.context(request), accounts.find(id).orElseThrow(NotFoundException::new), done);
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
                           MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        Account account = accounts.find(id).orElseThrow(NotFoundException::new);
        return form.update(ctx, account, id, body, input -> accounts.update(id, input, ctx.caller()));
    }

    @POST
    @Path("{id}/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setPassword(@Context ContainerRequestContext request, @PathParam("id") long id,
                                MultivaluedMap<String, String> body) {
        WebContext ctx = web.context(request);
        Account account = accounts.find(id).orElseThrow(NotFoundException::new);
        // Not stripped: spaces at either end are part of a password.
        String password = body.getFirst("password");
        Map<String, String> errors = new LinkedHashMap<>(forms.validate(new PasswordInput(password), ctx.t()));
        passwordProblem(password, ctx.t()).ifPresent(p -> errors.putIfAbsent("password", p));
        if (!errors.containsKey("password") && !Objects.equals(password, body.getFirst("passwordAgain"))) {
            errors.put("passwordAgain", ctx.t().get("accounts.passwordMismatch"));
        }
        if (!errors.isEmpty()) {
            PageView page = form.edit(ctx, account, null);
            page.getData().put("passwordErrors", errors);
            return Response.status(422).entity(page).build();
        }
        try {
            accounts.setPassword(id, password, ctx.caller());
            return form.done(id, "password");
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            return Response.status(422).entity(form.page(ctx, account, current(account), Map.of(), problems)).build();
        }
    }

    @POST
    @Path("{id}/deactivate")
    public Response deactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        return setActive(request, id, false);
    }

    @POST
    @Path("{id}/reactivate")
    public Response reactivate(@Context ContainerRequestContext request, @PathParam("id") long id) {
        return setActive(request, id, true);
    }

    /** The options of the staff picker for a search typed beside it (htmx), keeping the current choice. */
    @GET
    @Path("staff-options")
    public PageView staffOptions(@Context ContainerRequestContext request, @QueryParam("staffQ") String staffQ,
                                 @QueryParam("staffId") Long staffId) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = new HashMap<>();
        data.put("staffChoices", staffChoices(ctx.caller(), staffQ, staffId));
        data.put("staffId", staffId == null ? "" : staffId.toString());
        return new PageView("account/staff-options.ftlh", ctx, "accounts.staffSearch", data);
    }

    /** The last active admin cannot be deactivated: say so on the account's page rather than on an error page. */
    private Response setActive(ContainerRequestContext request, long id, boolean active) {
        WebContext ctx = web.context(request);
        try {
            accounts.setActive(id, active, ctx.caller());
            return form.done(id, active ? "reactivated" : "deactivated");
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            Account account = accounts.find(id).orElseThrow(() -> e);
            return Response.status(409).entity(form.page(ctx, account, current(account), Map.of(), problems)).build();
        }
    }

    /**
     * A new account's username and first password, or an account's changes: usernames do not change and
     * passwords have their own form, so neither is read when editing.
     */
    private static AccountInput read(MultivaluedMap<String, String> body, Account account) {
        // Not stripped: spaces at either end are part of a password.
        String password = account == null ? body.getFirst("password") : null;
        return new AccountInput(account == null ? Forms.text(body, "username") : null, password, Forms.values(body, "roles"),
                Forms.id(body, "staffId"), Forms.ids(body, "scopeSiteIds"), Forms.ids(body, "scopeDepartmentIds"),
                Forms.text(body, "language"));
    }

    /** A new account needs a username and a password good enough; the input record leaves both to the API's create. */
    private static void usernameAndPassword(MultivaluedMap<String, String> body, Account account, AccountInput input,
                                            Messages t, Map<String, String> errors) {
        if (account != null) {
            return;
        }
        if (input.username() == null) {
            errors.putIfAbsent("username", t.get("validation.NotBlank"));
        }
        passwordProblem(input.password(), t).ifPresent(p -> errors.putIfAbsent("password", p));
    }

    private static AccountInput current(Account a) {
        return new AccountInput(a.username(), null, a.roles(), a.staffId(), a.scopeSiteIds(), a.scopeDepartmentIds(),
                a.language());
    }

    /** The password rule is {@link PasswordHasher}'s; this only says it in the page's language. */
    private static Optional<String> passwordProblem(String password, Messages t) {
        return PasswordHasher.problemWith(password) == null ? Optional.empty()
                : Optional.of(t.get("validation.password", PasswordHasher.MIN_PASSWORD_LENGTH,
                        PasswordHasher.MAX_PASSWORD_BYTES));
    }

    /** Active staff matching the search (the first ones when there is none), and the current choice whatever it is. */
    private List<Staff> staffChoices(Caller caller, String q, Long current) {
        List<Staff> choices = new ArrayList<>(
                staff.list(null, null, q, true, PageRequest.of(1, STAFF_CHOICES), caller).items());
        if (current != null && choices.stream().noneMatch(s -> s.id() == current)) {
            staff.find(current, caller).ifPresent(s -> choices.add(0, s));
        }
        return choices;
    }

    private void choices(Map<String, Object> data, Account account, AccountInput input, WebContext ctx) {
        data.put("passwordErrors", Map.of());
        data.put("roles", ROLES);
        data.put("passwordMinLength", PasswordHasher.MIN_PASSWORD_LENGTH);
        data.put("staffChoices", staffChoices(ctx.caller(), null, input.staffId()));
        data.put("staffId", input.staffId() == null ? "" : input.staffId().toString());
        OrgChoices.Choices choices = org.choicesFor(ctx.caller(), input.sites(), input.departments());
        data.put("sites", choices.sites());
        data.put("departments", choices.departments());
        data.put("scopeSites", input.sites().stream().map(String::valueOf).toList());
        data.put("scopeDepartments", input.departments().stream().map(String::valueOf).toList());
    }
}
