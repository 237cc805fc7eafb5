package vn.onduty.server.org.staff;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import vn.onduty.server.org.activation.Activatable;

/**
 * An officer (cán bộ, công chức, viên chức or contract staff) seconded from a department and working at a home site.
 * {@code endOfServiceDate} is the last day served (null while serving); {@code grade} and {@code gradeCode} are the
 * civil-service grade (ngạch) the timesheet prints; {@code regionalAllowance} the regional allowance coefficient of
 * the post, which lengthens sick leave from 0.7.
 */
public record Staff(long id, String code, String fullName, long departmentId, long homeSiteId, String position,
                    LocalDate serviceStartDate, LocalDate endOfServiceDate, StaffCategory staffCategory, String grade,
                    String gradeCode, BigDecimal regionalAllowance, String email, String phone, boolean active,
                    Instant createdAt, Instant updatedAt) implements Activatable {}
