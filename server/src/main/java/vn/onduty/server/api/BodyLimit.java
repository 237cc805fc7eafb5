package vn.onduty.server.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The largest request body a resource method takes, in bytes, when it is not the configured default
 * ({@code maxRequestBodySize}): an upload names its own bound, next to the constant it checks the content against.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BodyLimit {

    /** Room for what travels around an upload: multipart headers and boundaries, the other fields of the form. */
    long ENVELOPE = 64 * 1024;

    long value();
}
