package vn.onduty.server.org.staff;

/**
 * Who an officer is in law. Cán bộ and công chức fall under the Law on Cadres and Civil Servants (2008, amended
 * 2019), viên chức under the Law on Public Employees (2010, amended 2019), and staff on a labour contract under the
 * Labour Code 2019 alone. Leave follows the Labour Code for all four (Law on Cadres and Civil Servants, Art. 13).
 */
public enum StaffCategory {
    /** Cán bộ: elected or appointed to a term. */
    CADRE,
    /** Công chức: recruited to a civil-service grade (ngạch). */
    CIVIL_SERVANT,
    /** Viên chức: recruited to a professional title in a public service unit. */
    PUBLIC_EMPLOYEE,
    /** Hợp đồng lao động: employed on a labour contract. */
    LABOUR_CONTRACT
}
