package vn.onduty.server.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The one error body every failure answers with: {@code {"code":409,"message":"...","details":[...]}}.
 * {@code pageText}, never sent as JSON, is what an error page says instead of the generic text for the code,
 * in the reader's language (see {@code web.HtmlErrorFilter}); null for most failures.
 */
@Schema(name = "Error")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(int code, String message, List<String> details,
                        @JsonIgnore @Schema(hidden = true) PageText pageText) {

    public ErrorBody(int code, String message, List<String> details) {
        this(code, message, details, null);
    }

    public ErrorBody(int code, String message) {
        this(code, message, List.of());
    }

    /** A message key of the page bundles and its arguments. */
    public record PageText(String key, List<String> args) {
        public PageText {
            args = List.copyOf(args);
        }
    }
}
