package vn.onduty.server.org.imports;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.media.multipart.FormDataContentDisposition;
import org.glassfish.jersey.media.multipart.FormDataParam;
import vn.onduty.server.api.BodyLimit;
import vn.onduty.server.imports.SheetFile;
import vn.onduty.server.org.account.AccountService;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.ImportTexts;
import vn.onduty.server.web.Messages;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * The admin's bulk import of the organisation: download the template, upload it filled (or any CSV/XLSX), see for
 * each table what it was taken for and which column is which (and correct them), the preview, and the check (how many
 * records each table would create, change or leave; every problem by table, row and column); import, skipping bad
 * rows only when chosen; watch the progress; then hand out the new accounts' initial passwords. The upload goes
 * through htmx so that the CSRF header rides along with the multipart body.
 */
@Path("/admin/imports")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class OrgImportPages {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Web web;
    private final OrgImports imports;

    public OrgImportPages(Web web, OrgImports imports) {
        this.web = web;
        this.imports = imports;
    }

    @GET
    public PageView list(@Context ContainerRequestContext request) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = new HashMap<>();
        data.put("imports", imports.recent(ctx.caller()));
        data.put("problems", List.of());
        return new PageView("orgimports/imports.ftlh", ctx, "orgImport.title", data);
    }

    @GET
    @Path("template.xlsx")
    @Produces(XLSX)
    public Response template() {
        return Response.ok(imports.template(), XLSX)
                .header("Content-Disposition", "attachment; filename=\"onduty-to-chuc-mau.xlsx\"").build();
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @BodyLimit(SheetFile.MAX_BYTES + BodyLimit.ENVELOPE)
    public Response upload(@Context ContainerRequestContext request, @FormDataParam("file") InputStream file,
                           @FormDataParam("file") FormDataContentDisposition disposition) throws IOException {
        WebContext ctx = web.context(request);
        byte[] content = file == null ? new byte[0] : file.readNBytes(SheetFile.MAX_BYTES + 1);
        String name = disposition == null ? null : disposition.getFileName();
        try {
            long id = imports.upload(ctx.caller(), name, content);
            String next = "/admin/imports/" + id;
            // htmx (whose XHR would follow a 303 silently) is told to load the page; any other client gets the 303.
            return "true".equals(request.getHeaderString("HX-Request"))
                    ? Response.noContent().header("HX-Redirect", next).build()
                    : Response.seeOther(URI.create(next)).build();
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            Map<String, Object> data = new HashMap<>();
            data.put("problems", translated(problems, ctx.t()));
            // htmx swaps only 2xx answers: the form comes back in place with its problems.
            return Response.ok(new PageView("orgimports/upload-form.ftlh", ctx, "orgImport.title", data)).build();
        }
    }

    @GET
    @Path("{id}")
    public PageView show(@Context ContainerRequestContext request, @PathParam("id") long id) {
        return showPage(web.context(request), id, List.of());
    }

    private PageView showPage(WebContext ctx, long id, List<String> problems) {
        OrgImports.View view = imports.view(id, ctx.caller());
        Messages t = ctx.t();
        Map<String, Object> data = new HashMap<>();
        data.put("view", view);
        data.put("kinds", List.of(OrgSheet.values()));
        data.put("mappingProblems", view.mappingProblems().stream().map(p -> mappingProblem(p, view, t)).toList());
        data.put("rowProblems", (view.result() != null ? view.result() : view.report()).problems().stream()
                .map(p -> rowProblem(p, t)).toList());
        data.put("problems", translated(problems, t));
        data.putAll(progressData(ctx, view.upload(), view.result()));
        return new PageView("orgimports/import.ftlh", ctx, "orgImport.fileTitle", data);
    }

    /** A problem of the file's rows, as the report's table shows it. */
    public record RowProblem(String table, int row, String column, String text) {}

    private static RowProblem rowProblem(OrgProblem p, Messages t) {
        String text = p.key() != null && t.has(p.key()) ? t.get(p.key(), p.args().toArray())
                : Forms.rule(p.text() != null ? p.text() : p.key(), t);
        return new RowProblem(p.table(), p.row(), p.column(), text);
    }

    private static String mappingProblem(OrgMapping.Problem p, OrgImports.View view, Messages t) {
        if (p.table() == null) {
            return t.get(p.key());
        }
        OrgSheet kind = view.tables().stream().filter(x -> x.name().equals(p.table())).findFirst()
                .map(OrgImports.TableView::kind).orElseThrow();
        return t.get(p.key(), p.table(), t.get(kind.labelKey(kind.column(p.field()))), p.column() == null ? "" : p.column());
    }

    /**
     * The progress fragment the page polls while the import runs. Once it has ended, htmx is told to reload the page:
     * the result, the problems of skipped rows and the new accounts' passwords are on the whole page.
     */
    @GET
    @Path("{id}/progress")
    public Response progress(@Context ContainerRequestContext request, @PathParam("id") long id) {
        WebContext ctx = web.context(request);
        OrgImports.View view = imports.view(id, ctx.caller());
        Response.ResponseBuilder r = Response.ok(new PageView("imports/progress.ftlh", ctx, "orgImport.fileTitle",
                progressData(ctx, view.upload(), view.result())));
        if (!view.upload().status().equals("RUNNING") && "true".equals(request.getHeaderString("HX-Request"))) {
            r.header("HX-Refresh", "true");
        }
        return r.build();
    }

    /** What the shared progress fragment needs: where to poll, and what a finished import did. */
    private static Map<String, Object> progressData(WebContext ctx, OrgImportDao.ImportRow upload, OrgImports.Report result) {
        Map<String, Object> data = new HashMap<>();
        data.put("upload", upload);
        data.put("progressUrl", "/admin/imports/" + upload.id() + "/progress");
        int[] sum = new int[4];
        if (result != null) {
            result.tables().forEach(x -> {
                sum[0] += x.created();
                sum[1] += x.updated();
                sum[2] += x.unchanged();
                sum[3] += x.bad();
            });
        }
        data.put("doneText", ctx.t().get("orgImport.done", sum[0], sum[1], sum[2], sum[3]));
        return data;
    }

    /** The mapping form: {@code kind.N} the kind of the file's N-th table, {@code col.N.field} the column of a field. */
    @POST
    @Path("{id}/mapping")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response mapping(@Context ContainerRequestContext request, @PathParam("id") long id,
                            MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        List<OrgImports.TableView> tables = imports.view(id, ctx.caller()).tables();
        Map<String, String> kinds = new LinkedHashMap<>();
        Map<String, Map<String, String>> columns = new LinkedHashMap<>();
        for (int i = 0; i < tables.size(); i++) {
            String table = tables.get(i).name();
            kinds.put(table, Forms.text(form, "kind." + i));
            Map<String, String> chosen = new LinkedHashMap<>();
            String prefix = "col." + i + ".";
            form.forEach((k, v) -> {
                if (k.startsWith(prefix) && v != null && !v.isEmpty() && v.get(0) != null && !v.get(0).isBlank()) {
                    chosen.put(k.substring(prefix.length()), v.get(0));
                }
            });
            columns.put(table, chosen);
        }
        try {
            imports.saveMapping(id, kinds, columns, ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            return Response.status(422).entity(showPage(ctx, id, problems)).build();
        }
        return Response.seeOther(URI.create("/admin/imports/" + id)).build();
    }

    @POST
    @Path("{id}/run")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response run(@Context ContainerRequestContext request, @PathParam("id") long id,
                        MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        try {
            imports.run(id, "true".equals(Forms.text(form, "skipBad")), ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            return Response.status(422).entity(showPage(ctx, id, problems)).build();
        }
        return Response.seeOther(URI.create("/admin/imports/" + id)).build();
    }

    /** New initial passwords for the accounts the import created, as a sheet to download: shown this once. */
    @POST
    @Path("{id}/passwords")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({XLSX, MediaType.TEXT_HTML + ";charset=UTF-8"})
    public Response passwords(@Context ContainerRequestContext request, @PathParam("id") long id) {
        WebContext ctx = web.context(request);
        List<AccountService.InitialPassword> passwords;
        try {
            passwords = imports.initialPasswords(id, ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            return Response.status(409).entity(showPage(ctx, id, problems)).type(MediaType.TEXT_HTML_TYPE).build();
        }
        return Response.ok(imports.passwordSheet(passwords, ctx.t(), ctx.caller()), XLSX)
                .header("Content-Disposition", "attachment; filename=\"onduty-mat-khau-ban-dau-" + id + ".xlsx\"")
                .header("Cache-Control", "no-store").build();
    }

    private static List<String> translated(List<String> problems, Messages t) {
        return problems.stream().map(p -> ImportTexts.problem(p, t)).toList();
    }
}
