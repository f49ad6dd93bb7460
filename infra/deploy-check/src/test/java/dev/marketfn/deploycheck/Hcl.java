package dev.marketfn.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Parses HCL with HashiCorp's own parser (@cdktf/hcl2json, Go compiled to WASM) on node, so .tf files are checked
 * without a terraform binary or provider downloads. The npm package is pinned by infra/deploy-check/hcl/package-lock.json.
 */
final class Hcl {
    /** Result per file: the JSON form, or the parser's error. */
    record Parsed(Path file, JsonNode json, String error) {
    }

    private Hcl() {
    }

    static Path toolDir() {
        return Locations.repo().resolve("infra/deploy-check/hcl");
    }

    static synchronized void ensureInstalled() {
        Path dir = toolDir();
        if (Files.isDirectory(dir.resolve("node_modules/@cdktf/hcl2json"))) {
            return;
        }
        String npm = Locations.setting("NPM", "marketfn.npm", "npm");
        run(List.of(npm, "ci", "--no-audit", "--no-fund", "--prefix", dir.toString()), dir, 300,
                "npm is required to install @cdktf/hcl2json (infra/deploy-check/hcl); install node >= 18 with npm, or pass -Dmarketfn.npm=/path/to/npm");
    }

    static Map<Path, Parsed> parse(List<Path> files) {
        ensureInstalled();
        Map<Path, Parsed> out = new LinkedHashMap<>();
        // Batches keep the command line short; one node start parses many files (~0.4 s each start).
        for (int i = 0; i < files.size(); i += 60) {
            List<Path> batch = files.subList(i, Math.min(files.size(), i + 60));
            List<String> cmd = new ArrayList<>(List.of(Locations.setting("NODE", "marketfn.node", "node"), toolDir().resolve("hcl2json.mjs").toString()));
            batch.forEach(p -> cmd.add(p.toAbsolutePath().toString()));
            String json = run(cmd, toolDir(), 120, "node is required to parse terraform files; install node >= 18 or pass -Dmarketfn.node=/path/to/node");
            try {
                JsonNode all = Yaml.JSON.readTree(json);
                for (Path p : batch) {
                    JsonNode r = all.path(p.toAbsolutePath().toString());
                    out.put(p, new Parsed(p, r.get("json"), r.has("error") ? r.get("error").asText() : r.has("json") ? null : "no result"));
                }
            } catch (IOException e) {
                throw new AssertionError("hcl2json printed invalid JSON", e);
            }
        }
        return out;
    }

    private static String run(List<String> cmd, Path dir, int timeoutSeconds, String missingHint) {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError(missingHint + " (" + e.getMessage() + ")", e);
        }
        try {
            // Drain stderr concurrently so a chatty npm cannot block on a full pipe.
            var err = new java.util.concurrent.CompletableFuture<byte[]>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    err.complete(p.getErrorStream().readAllBytes());
                } catch (IOException e) {
                    err.complete(new byte[0]);
                }
            });
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " timed out");
            }
            t.join();
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd.subList(0, Math.min(3, cmd.size()))) + " failed (exit " + p.exitValue() + "):\n"
                        + new String(err.join(), StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
