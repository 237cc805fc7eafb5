package vn.onduty.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The one error body every failure answers with: {@code {"code":409,"message":"...","details":[...]}}. */
@Schema(name = "Error")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(int code, String message, List<String> details) {

    public ErrorBody(int code, String message) {
        this(code, message, List.of());
    }
}
