package vn.onduty.server.org.counter;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** What a client sends to create or replace a counter; departmentId is optional (a shared counter). */
public record CounterInput(
        @NotNull Long siteId,
        Long departmentId,
        @NotNull @Min(1) @Max(9999) Integer number,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 100) List<@NotBlank @Size(max = 200) String> services) {}
