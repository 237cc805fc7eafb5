package vn.onduty.server.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The browser's part of the protection, on every answer of the application port (pages, fragments, assets, the API):
 * <ul>
 * <li>a Content-Security-Policy with no inline script and no eval (every script is a file under /assets or a WebJar),
 * styles from files only except the style attributes charts write into their tooltips, nothing from other sites, no
 * plugins, forms posting only here, and no framing ({@code frame-ancestors 'none'}, X-Frame-Options for old
 * browsers);</li>
 * <li>Referrer-Policy same-origin: links out of OnDuty carry no address of a page (they hold ids and dates);</li>
 * <li>nosniff, and no camera, microphone or location for any page;</li>
 * <li>HSTS when the request came over HTTPS, directly or through a proxy that says so (the connector's
 * {@code useForwardedHeaders}): from then on the browser never uses plain HTTP for this host.</li>
 * </ul>
 */
public final class SecurityHeadersFilter implements Filter {

    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "style-src-elem 'self'",
            // ECharts writes its tooltips as HTML with style attributes; attributes cannot run script.
            "style-src-attr 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    public static final String HSTS = "max-age=31536000";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (response instanceof HttpServletResponse http && request instanceof HttpServletRequest in) {
            http.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            http.setHeader("X-Frame-Options", "DENY");
            http.setHeader("Referrer-Policy", "same-origin");
            http.setHeader("X-Content-Type-Options", "nosniff");
            http.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
            if (in.isSecure()) {
                http.setHeader("Strict-Transport-Security", HSTS);
            }
        }
        chain.doFilter(request, response);
    }
}
