package vn.onduty.server.org.account;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What a client sends to create an account ({@code username} and {@code password} required) or to
 * change one (both ignored: usernames do not change, passwords have their own endpoint).
 */
public record AccountInput(
        @Pattern(regexp = "[A-Za-z0-9._-]{3,64}", message = "must be 3-64 letters, digits, '.', '_' or '-'") String username,
        @Size(max = 200) String password,
        @NotEmpty List<@NotNull @Pattern(regexp = "OFFICER|SUPERVISOR|ADMIN", message = "must be OFFICER, SUPERVISOR or ADMIN") String> roles,
        Long staffId,
        List<@NotNull Long> scopeSiteIds,
        List<@NotNull Long> scopeDepartmentIds,
        @Pattern(regexp = "vi|en", message = "must be vi or en") String language) {

    public List<Long> sites() {
        return scopeSiteIds == null ? List.of() : scopeSiteIds.stream().distinct().sorted().toList();
    }

    public List<Long> departments() {
        return scopeDepartmentIds == null ? List.of() : scopeDepartmentIds.stream().distinct().sorted().toList();
    }
}
