package dev.marketfn.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir} of the {@code stack} commands: where {@code stack up} writes {@code stack.env}. */
final class StateDirOption {
    @Option(names = "--state-dir", defaultValue = ".marketfn", paramLabel = "DIR",
            description = "where the stack's stack.env is written and read (default: ${DEFAULT-VALUE})")
    Path dir;

    Path envFile() {
        return StackEnv.file(dir);
    }
}
