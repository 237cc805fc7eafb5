package vn.onduty.server.backup;

import io.dropwizard.core.cli.Cli;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** How the backup commands report a failure: what the operator must change, or the full trace of a fault. */
final class CommandErrors {

    private CommandErrors() {}

    static void print(Cli cli, Throwable e) {
        if (e instanceof IllegalArgumentException || e instanceof FileAlreadyExistsException
                || e instanceof NoSuchFileException) {
            String message = e instanceof FileAlreadyExistsException f
                    ? f.getFile() + " exists: " + f.getReason()
                    : e.getMessage();
            cli.getStdErr().println("onduty: " + message);
        } else {
            cli.getStdErr().println("onduty: " + e.getMessage());
            e.printStackTrace(cli.getStdErr());
        }
        cli.getStdErr().flush();
    }
}
