package vn.onduty.server.terminal;

import vn.onduty.server.api.BodyLimit;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The ADMS ("iclock") endpoints ZKTeco-family terminals call (docs/adms-protocol.md). They are not part of the
 * API: a terminal cannot sign in, so it is known by its serial number ({@code SN}), answered in plain text as
 * terminals expect, and whatever it sends is trusted only once an admin adopted it (and only from its allowed
 * address range, when one is set). Firmware of the older generation calls the same paths with {@code .aspx}.
 * A browser with a session cookie gets no further here than anywhere else: a POST riding on the cookie needs the
 * session's CSRF token, which no other site can send. No {@code @Produces}: whatever a terminal puts in its Accept
 * header, it is answered in plain text.
 */
@Path("/iclock")
@Hidden
@PermitAll
public class IclockResource {

    static final String TEXT = "text/plain;charset=UTF-8";
    /** The largest upload read: a whole log re-sent arrives in many uploads much smaller than this. */
    static final int MAX_BODY = 16 * 1024 * 1024;

    private final IclockService iclock;

    public IclockResource(IclockService iclock) {
        this.iclock = iclock;
    }

    /** The handshake: {@code GET /iclock/cdata?SN=…&options=all&pushver=…}. */
    @GET
    @Path("cdata{ext: (\\.aspx)?}")
    public Response handshake(@Context UriInfo uri, @Context HttpServletRequest servlet) {
        return answer(() -> iclock.handshake(param(uri, "SN"), address(servlet), param(uri, "pushver")));
    }

    /** An upload: {@code POST /iclock/cdata?SN=…&table=ATTLOG|OPERLOG|…&Stamp=…}. */
    @POST
    @BodyLimit(MAX_BODY)
    @Path("cdata{ext: (\\.aspx)?}")
    @Consumes(MediaType.WILDCARD)
    public Response upload(@Context UriInfo uri, @Context HttpServletRequest servlet, InputStream body) {
        return answer(() -> iclock.upload(param(uri, "SN"), address(servlet), param(uri, "table"),
                param(uri, "tablename"), param(uri, "Stamp"), read(body)));
    }

    /** The command poll: {@code GET /iclock/getrequest?SN=…[&INFO=…]}. */
    @GET
    @Path("getrequest{ext: (\\.aspx)?}")
    public Response poll(@Context UriInfo uri, @Context HttpServletRequest servlet) {
        return answer(() -> iclock.poll(param(uri, "SN"), address(servlet), param(uri, "INFO")));
    }

    /** The same poll under the short name some firmware uses. */
    @GET
    @Path("getreq")
    public Response pollShort(@Context UriInfo uri, @Context HttpServletRequest servlet) {
        return poll(uri, servlet);
    }

    /** Command results: {@code POST /iclock/devicecmd?SN=…}. */
    @POST
    @BodyLimit(MAX_BODY)
    @Path("devicecmd{ext: (\\.aspx)?}")
    @Consumes(MediaType.WILDCARD)
    public Response results(@Context UriInfo uri, @Context HttpServletRequest servlet, InputStream body) {
        return answer(() -> iclock.results(param(uri, "SN"), address(servlet), read(body)));
    }

    /** Push protocol 3.x: answers to {@code DATA QUERY tablename=…} commands. */
    @POST
    @BodyLimit(MAX_BODY)
    @Path("querydata")
    @Consumes(MediaType.WILDCARD)
    public Response queryData(@Context UriInfo uri, @Context HttpServletRequest servlet, InputStream body) {
        String table = param(uri, "type") == null ? "tabledata" : param(uri, "type");
        return answer(() -> iclock.upload(param(uri, "SN"), address(servlet), table, param(uri, "tablename"), null,
                read(body)));
    }

    /** Push protocol 3.x: registration. */
    @POST
    @BodyLimit(MAX_BODY)
    @Path("registry")
    @Consumes(MediaType.WILDCARD)
    public Response registry(@Context UriInfo uri, @Context HttpServletRequest servlet, InputStream body) {
        return answer(() -> iclock.registry(param(uri, "SN"), address(servlet), read(body)));
    }

    /** Push protocol 3.x: how to talk to this server. */
    @POST
    @BodyLimit(MAX_BODY)
    @Path("push")
    @Consumes(MediaType.WILDCARD)
    public Response push(@Context UriInfo uri, @Context HttpServletRequest servlet, InputStream body) {
        read(body);
        return answer(() -> iclock.pushConfiguration(param(uri, "SN"), address(servlet)));
    }

    @GET
    @Path("push")
    public Response pushByGet(@Context UriInfo uri, @Context HttpServletRequest servlet) {
        return answer(() -> iclock.pushConfiguration(param(uri, "SN"), address(servlet)));
    }

    /** A terminal busy uploading says it is alive. */
    @GET
    @Path("ping")
    public Response ping(@Context UriInfo uri, @Context HttpServletRequest servlet) {
        return answer(() -> iclock.ping(param(uri, "SN"), address(servlet)));
    }

    /** {@code GET /iclock/rtdata?type=time}: the server's time, for terminals that set their clock from it. */
    @GET
    @Path("rtdata")
    public Response realtimeData(@Context UriInfo uri, @Context HttpServletRequest servlet) {
        return answer(() -> "time".equalsIgnoreCase(param(uri, "type")) ? iclock.time(param(uri, "SN"), address(servlet))
                : iclock.other(param(uri, "SN"), address(servlet)));
    }

    /** Whatever else terminals in the wild call under /iclock/ (photo uploads, key exchange, ...): OK. */
    @GET
    @Path("{other: .+}")
    public Response otherGet(@Context UriInfo uri, @Context HttpServletRequest servlet) {
        return answer(() -> iclock.other(param(uri, "SN"), address(servlet)));
    }

    @POST
    @BodyLimit(MAX_BODY)
    @Path("{other: .+}")
    @Consumes(MediaType.WILDCARD)
    public Response otherPost(@Context UriInfo uri, @Context HttpServletRequest servlet, InputStream body) {
        read(body);
        return answer(() -> iclock.other(param(uri, "SN"), address(servlet)));
    }

    private Response answer(Supplier<String> work) {
        try {
            return Response.ok(work.get(), TEXT).build();
        } catch (IclockService.IclockException e) {
            return Response.status(e.status()).type(TEXT).entity(e.getMessage() + "\n").build();
        }
    }

    /** A query parameter, its name in any letter case (firmware differs: SN, Stamp, stamp). */
    private static String param(UriInfo uri, String name) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        String exact = query.getFirst(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, java.util.List<String>> e : query.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** The caller's address as an address literal (behind a trusted proxy, the client's: see useForwardedHeaders). */
    private static String address(HttpServletRequest servlet) {
        String a = servlet == null ? null : servlet.getRemoteAddr();
        if (a == null) {
            return "0.0.0.0";
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int zone = a.indexOf('%');
        return zone < 0 ? a : a.substring(0, zone);
    }

    /** The body as text: UTF-8, an undecodable byte (a garbled line, a legacy code page) replaced, never fatal. */
    static String read(InputStream body) {
        if (body == null) {
            return "";
        }
        try {
            byte[] bytes = body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new jakarta.ws.rs.WebApplicationException(Response.status(413).type(TEXT)
                        .entity("The upload is larger than " + MAX_BODY + " bytes: send it in smaller parts\n").build());
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalStateException("a replacing decoder failed", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading a terminal's upload", e);
        }
    }
}
