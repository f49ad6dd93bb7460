package dev.marketfn.deploycheck;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization with the real `kubectl kustomize` (the same code path as `kubectl apply -k`). */
final class Kustomize {
    private Kustomize() {
    }

    static String kubectl() {
        return Locations.setting("KUBECTL", "marketfn.kubectl", "kubectl");
    }

    static List<ObjectNode> render(Path dir) {
        return Yaml.documents(renderText(dir));
    }

    static String renderText(Path dir) {
        return renderText(dir, kubectl());
    }

    static String renderText(Path dir, String bin) {
        Process p;
        try {
            p = new ProcessBuilder(bin, "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            // Deliberately a failure, not a skip: CI has kubectl, and a skipped check proves nothing.
            throw new AssertionError("kubectl is required to render " + dir + " but '" + bin + "' could not be started (" + e.getMessage()
                    + "). Install kubectl >= 1.27 or pass -Dmarketfn.kubectl=/path/to/kubectl (env KUBECTL).", e);
        }
        try {
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + p.exitValue() + "):\n" + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("reading kubectl output for " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
