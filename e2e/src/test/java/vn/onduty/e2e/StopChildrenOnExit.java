package vn.onduty.e2e;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * While a test runs, should the test JVM itself be stopped (Ctrl+C on Maven), the processes it started (server,
 * agent, simulators) stop with it: a shutdown hook for the length of each test, shared by the end-to-end tests.
 */
final class StopChildrenOnExit implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace HOOKS = ExtensionContext.Namespace.create(StopChildrenOnExit.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Thread hook = new Thread(() -> ProcessHandle.current().children().forEach(ProcessHandle::destroy),
                "stop-e2e-children");
        Runtime.getRuntime().addShutdownHook(hook);
        context.getStore(HOOKS).put("hook", hook);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Thread hook = context.getStore(HOOKS).remove("hook", Thread.class);
        if (hook != null) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }
}
