package vn.onduty.server.login;

/** Wrong username or password (deliberately not saying which): HTTP 401. */
public class LoginFailedException extends RuntimeException {
    public LoginFailedException() {
        super("Wrong username or password");
    }
}
