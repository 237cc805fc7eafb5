package vn.onduty.server.org.activation;

/** A record that is deactivated and reactivated rather than deleted: sites, departments, counters, staff, agents, accounts. */
public interface Activatable {

    boolean active();
}
