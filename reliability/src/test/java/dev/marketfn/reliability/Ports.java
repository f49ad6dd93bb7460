package dev.marketfn.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

final class Ports {
    private Ports() {
    }

    /** Below the ephemeral range, like the functions' ports: a server restarted on it must find it free again. */
    static int free() {
        return dev.marketfn.launcher.Functions.freePort();
    }

    /** The test classpath (surefire hands it over in a property when it uses a manifest-only jar). */
    static String testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return "\n    | " + String.join("\n    | ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }
}
