package vn.onduty.server.quality;

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
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.ImportTexts;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * The admin's upload of queue-system exports: pick the site and the queue system (or name a new one),
 * upload; map the columns (saved for the queue system), see a preview and the row-by-row check; import,
 * skipping bad rows only when chosen; watch the progress. The upload goes through htmx so that the
 * CSRF header rides along with the multipart body.
 */
@Path("/quality/imports")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class TicketImportPages {

    private final Web web;
    private final TicketImports imports;
    private final OrgChoices org;

    public TicketImportPages(Web web, TicketImports imports, OrgChoices org) {
        this.web = web;
        this.imports = imports;
        this.org = org;
    }

    @GET
    public PageView list(@Context ContainerRequestContext request) {
        WebContext ctx = web.context(request);
        return listPage(ctx, List.of(), Map.of());
    }

    private PageView listPage(WebContext ctx, List<String> problems, Map<String, String> input) {
        Map<String, Object> data = new HashMap<>();
        data.put("sites", org.choicesFor(ctx.caller()).sites());
        data.put("sources", imports.sources(ctx.caller()));
        data.put("imports", imports.recent(ctx.caller()));
        data.put("problems", translated(problems, ctx));
        data.put("input", input);
        return new PageView("quality/imports.ftlh", ctx, "imports.title", data);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @BodyLimit(SheetFile.MAX_BYTES + BodyLimit.ENVELOPE)
    public Response upload(@Context ContainerRequestContext request, @FormDataParam("siteId") String siteId,
                           @FormDataParam("sourceId") String sourceId, @FormDataParam("newSource") String newSource,
                           @FormDataParam("file") InputStream file,
                           @FormDataParam("file") FormDataContentDisposition disposition) throws IOException {
        WebContext ctx = web.context(request);
        byte[] content = file == null ? new byte[0] : file.readNBytes(20 * 1024 * 1024 + 1);
        String name = disposition == null ? null : disposition.getFileName();
        try {
            long id = imports.upload(ctx.caller(), Forms.id(siteId), Forms.id(sourceId), newSource, name, content);
            String next = "/quality/imports/" + id;
            // htmx (whose XHR would follow a 303 silently) is told to load the page; any other client gets the 303.
            return "true".equals(request.getHeaderString("HX-Request"))
                    ? Response.noContent().header("HX-Redirect", next).build()
                    : Response.seeOther(URI.create(next)).build();
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            Map<String, String> input = new HashMap<>();
            input.put("siteId", siteId == null ? "" : siteId);
            input.put("sourceId", sourceId == null ? "" : sourceId);
            input.put("newSource", newSource == null ? "" : newSource);
            // htmx swaps only 2xx answers: the form comes back in place with its problems.
            return Response.ok(new PageView("quality/upload-form.ftlh", ctx, "imports.title",
                    uploadData(ctx, problems, input))).build();
        }
    }

    private Map<String, Object> uploadData(WebContext ctx, List<String> problems, Map<String, String> input) {
        Map<String, Object> data = new HashMap<>();
        data.put("sites", org.choicesFor(ctx.caller()).sites());
        data.put("sources", imports.sources(ctx.caller()));
        data.put("problems", translated(problems, ctx));
        data.put("input", input);
        return data;
    }

    @GET
    @Path("{id}")
    public PageView show(@Context ContainerRequestContext request, @PathParam("id") long id) {
        return showPage(web.context(request), id, List.of());
    }

    private PageView showPage(WebContext ctx, long id, List<String> problems) {
        Map<String, Object> data = new HashMap<>();
        TicketImports.View view = imports.view(id, ctx.caller());
        data.put("view", view);
        data.put("mappingProblems", translated(view.mappingProblems(), ctx));
        data.put("rowProblems", view.problems().stream().map(p -> new TicketImports.RowProblems(p.row(),
                p.problems().stream().map(x -> ImportTexts.rowProblem(x, ctx.t())).toList())).toList());
        data.put("fields", List.of("number", "serviceDate", "service", "counterNumber", "officerCode", "issuedAt",
                "calledAt", "startedAt", "endedAt", "outcome", "rating"));
        data.put("required", List.of("number", "issuedAt"));
        data.put("problems", translated(problems, ctx));
        data.putAll(progressData(ctx, view.upload()));
        return new PageView("quality/import.ftlh", ctx, "imports.fileTitle", data);
    }

    private static List<String> translated(List<String> problems, WebContext ctx) {
        return problems.stream().map(p -> ImportTexts.problem(p, ctx.t())).toList();
    }

    @GET
    @Path("{id}/progress")
    public PageView progress(@Context ContainerRequestContext request, @PathParam("id") long id) {
        WebContext ctx = web.context(request);
        return new PageView("imports/progress.ftlh", ctx, "imports.fileTitle", progressData(ctx, imports.find(id, ctx.caller())));
    }

    /** What the shared progress fragment needs: where to poll, and what a finished import did. */
    private static Map<String, Object> progressData(WebContext ctx, ImportDao.ImportRow upload) {
        Map<String, Object> data = new HashMap<>();
        data.put("upload", upload);
        data.put("progressUrl", "/quality/imports/" + upload.id() + "/progress");
        data.put("doneText", ctx.t().get("imports.done", upload.inserted(), upload.updated(), upload.unchanged()));
        return data;
    }

    @POST
    @Path("{id}/mapping")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response mapping(@Context ContainerRequestContext request, @PathParam("id") long id,
                            MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Map<String, String> columns = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith("col.") && v != null && !v.isEmpty() && v.get(0) != null && !v.get(0).isBlank()) {
                columns.put(k.substring(4), v.get(0));
            }
        });
        try {
            imports.saveMapping(id, columns, Forms.text(form, "ratingScale"), ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            return Response.status(422).entity(showPage(ctx, id, problems)).build();
        }
        return Response.seeOther(URI.create("/quality/imports/" + id)).build();
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
        return Response.seeOther(URI.create("/quality/imports/" + id)).build();
    }
}
