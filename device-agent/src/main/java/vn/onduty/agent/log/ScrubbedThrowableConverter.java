package vn.onduty.agent.log;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** {@code %ex} without the user info of any URL: JavaCV's "Could not open input "rtsp://user:pass@..."" included. */
public final class ScrubbedThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return Credentials.scrub(super.throwableProxyToString(proxy));
    }
}
