package dev.marketfn.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code <state-dir>/stack.env}: what {@code stack up} started (pid, Kafka, PostgreSQL), as shell variables. */
final class StackEnv {
    private StackEnv() {
    }

    static Path file(Path stateDir) {
        return stateDir.resolve("stack.env");
    }

    /** The variables of the stack of {@code stateDir}; a {@link LauncherException} when none runs there. */
    static Map<String, String> read(Path stateDir) {
        Path file = file(stateDir);
        if (!Files.isReadable(file)) {
            throw new LauncherException("no stack running here (" + file + " not found); start one with `marketfn stack up`");
        }
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    m.put(line.substring(0, eq).replaceFirst("^export ", ""), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new LauncherException("cannot read " + file + ": " + e.getMessage());
        }
        return m;
    }
}
