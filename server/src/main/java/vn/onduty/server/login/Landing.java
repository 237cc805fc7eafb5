package vn.onduty.server.login;

import java.net.URI;

/**
 * Where a person goes right after signing in on the web: where they were going ({@code next}), unless a feature has
 * something to show them first (the privacy notice an officer has not acknowledged yet), which then leads on to it.
 */
@FunctionalInterface
public interface Landing {

    Landing NEXT = (userId, next) -> next;

    URI after(long userId, URI next);
}
