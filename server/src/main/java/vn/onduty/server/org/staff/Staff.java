package vn.onduty.server.org.staff;

import java.time.Instant;
import java.time.LocalDate;
import vn.onduty.server.org.activation.Activatable;

/** An officer (cán bộ, công chức) seconded from a department and working at a home site. */
public record Staff(long id, String code, String fullName, long departmentId, long homeSiteId, String position,
                   LocalDate serviceStartDate, String email, String phone, boolean active,
                   Instant createdAt, Instant updatedAt) implements Activatable {}
