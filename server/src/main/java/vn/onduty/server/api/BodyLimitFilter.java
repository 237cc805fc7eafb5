package vn.onduty.server.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Caps every request body before anything reads it: the first filter after matching, ahead of authentication and of
 * the CSRF check, which buffers forms and multipart bodies to find its token. A body over the method's limit
 * ({@link BodyLimit}, else {@code maxRequestBodySize}) is refused with 413 naming the limit: by its Content-Length
 * before a byte of it is read, or, sent in chunks without one, as soon as it passes the limit (a chunked body is read
 * into memory up to the limit, never further). Nothing of a refused request is handled or stored.
 *
 * <p>On the way out, whatever of the body nobody read (a request refused by authentication, by a role, by its content
 * type, before its resource looked at the body) is read and thrown away before the answer is sent. Otherwise Jetty,
 * finding the body unread after the answer went out without {@code Connection: close}, closes a connection the client
 * believes it may reuse, and the client's next request on it fails with no answer at all. A body too large to drain
 * is answered with {@code Connection: close} instead.
 */
@Priority(Priorities.AUTHENTICATION - 500)
public final class BodyLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** How much of a refused body is read and thrown away so that the 413 reaches a client still sending. */
    static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    private final long defaultLimit;

    @Context
    private ResourceInfo resource;

    public BodyLimitFilter(long defaultLimit) {
        this.defaultLimit = defaultLimit;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        long limit = limitFor(resource == null ? null : resource.getResourceMethod());
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                request.abortWith(Errors.response(400, "Content-Length is not a number: " + declared, List.of()));
                return;
            }
            if (length > limit) {
                if (length <= DRAIN_LIMIT) {
                    drain(request.getEntityStream());
                }
                request.abortWith(tooLarge(request, limit));
            }
            return;
        }
        if (!request.hasEntity()) {
            return;
        }
        byte[] body;
        try {
            body = request.getEntityStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > limit) {
            drain(request.getEntityStream());
            request.abortWith(tooLarge(request, limit));
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return;
        }
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean tooLargeToRead = declared != null && declared.trim().matches("\\d{1,18}")
                && Long.parseLong(declared.trim()) > DRAIN_LIMIT;
        InputStream body;
        try {
            body = request.getEntityStream();
        } catch (IllegalStateException closed) {
            return; // the resource read the body and closed it
        }
        if (tooLargeToRead || !drain(body)) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    long limitFor(Method method) {
        BodyLimit own = method == null ? null : method.getAnnotation(BodyLimit.class);
        return own == null ? defaultLimit : own.value();
    }

    private static jakarta.ws.rs.core.Response tooLarge(ContainerRequestContext request, long limit) {
        String size = readable(limit);
        String message = "The request body is larger than " + size + " (" + limit + " bytes), the limit for "
                + request.getMethod() + " /" + stripSlash(request.getUriInfo().getPath()) + "; nothing was stored";
        return Errors.response(new ErrorBody(413, message, List.of("body: at most " + limit + " bytes"),
                new ErrorBody.PageText("error.bodyTooLarge", List.of(size))));
    }

    /** 1 MiB, 2 MiB, 20.1 MiB, 512 KiB: binary units, as the protocol documents them. */
    static String readable(long bytes) {
        if (bytes >= 1024 * 1024) {
            double mib = bytes / (1024.0 * 1024.0);
            return (mib == Math.rint(mib) ? String.valueOf((long) mib) : String.format(java.util.Locale.ROOT, "%.1f", mib))
                    + " MiB";
        }
        if (bytes >= 1024) {
            return (bytes / 1024) + " KiB";
        }
        return bytes + " bytes";
    }

    private static String stripSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /** Reads and throws away up to {@link #DRAIN_LIMIT} bytes; true when the body ended within them. */
    private static boolean drain(InputStream body) {
        byte[] buffer = new byte[64 * 1024];
        long left = DRAIN_LIMIT + 1; // one byte past the limit tells a longer body
        try {
            int n;
            while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
            return left > 0;
        } catch (IOException e) {
            // The client went away; there is nobody left to answer.
            return false;
        }
    }
}
