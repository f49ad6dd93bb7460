package dev.marketfn.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Structural rules for terraform/: every file parses; every module has main/variables/outputs/versions.tf and a
 * README; every variable has a type and a description; every output a description; required_version is set; every
 * provider is pinned (= x.y.z or ~> x.y.z) and every resource/data type's provider is declared; plan-mode tests only.
 */
final class TerraformCheck {
    static final List<String> MODULE_FILES = List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md");
    static final List<String> ROOT_FILES = List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf");
    /** Exact (= 1.2.3 / 1.2.3) or patch-level pessimistic (~> 1.2.3): a provider upgrade is a reviewed change. */
    static final Pattern PINNED = Pattern.compile("^\\s*(=\\s*)?\\d+\\.\\d+\\.\\d+\\s*$|^\\s*~>\\s*\\d+\\.\\d+\\.\\d+\\s*$");

    private TerraformCheck() {
    }

    static List<Path> hclFiles(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.toString().contains("/.terraform/"))
                    .filter(p -> p.toString().endsWith(".tf") || p.toString().endsWith(".tftest.hcl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Module dirs: terraform/modules/* ; root dirs: terraform/envs/<env>/<stage>. */
    static List<String> check(Path terraform) {
        List<String> errors = new ArrayList<>();
        Map<Path, Hcl.Parsed> parsed = Hcl.parse(hclFiles(terraform));
        List<Path> modules = dirs(terraform.resolve("modules"), 1);
        List<Path> roots = dirs(terraform.resolve("envs"), 2);
        // Files outside module/root dirs (tests/); those inside are reported by checkDir.
        parsed.values().stream().filter(p -> p.error() != null && !modules.contains(p.file().getParent()) && !roots.contains(p.file().getParent()))
                .forEach(p -> errors.add(terraform.relativize(p.file()) + ": does not parse: " + p.error()));
        if (modules.isEmpty() || roots.isEmpty()) {
            errors.add("terraform/ needs modules/* and envs/<env>/<stage> roots");
        }
        for (Path m : modules) {
            errors.addAll(checkDir(terraform, m, MODULE_FILES, parsed));
        }
        for (Path r : roots) {
            errors.addAll(checkDir(terraform, r, ROOT_FILES, parsed));
        }
        for (Hcl.Parsed p : parsed.values()) {
            if (p.json() != null && p.file().toString().endsWith(".tftest.hcl")) {
                p.json().path("run").properties().forEach(run -> run.getValue().forEach(block -> {
                    // Apply-mode tests would create real infrastructure from CI.
                    // hcl2json renders the bare keyword `plan` as the expression "${plan}".
                    if (!Set.of("plan", "${plan}").contains(block.path("command").asText())) {
                        errors.add(terraform.relativize(p.file()) + ": run \"" + run.getKey() + "\" must use command = plan");
                    }
                }));
            }
        }
        return errors;
    }

    private static List<Path> dirs(Path base, int depth) {
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(base, depth)) {
            return s.filter(Files::isDirectory).filter(p -> !p.equals(base) && base.relativize(p).getNameCount() == depth)
                    .filter(p -> !p.getFileName().toString().equals("tests") && !p.getFileName().toString().equals("manifests")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> checkDir(Path terraform, Path dir, List<String> required, Map<Path, Hcl.Parsed> parsed) {
        List<String> errors = new ArrayList<>();
        String id = terraform.relativize(dir).toString();
        for (String f : required) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                errors.add(id + ": missing " + f);
            }
        }
        Set<String> declaredProviders = new TreeSet<>();
        Set<String> usedProviders = new TreeSet<>();
        boolean requiredVersion = false;
        for (var e : parsed.entrySet()) {
            if (!e.getKey().getParent().equals(dir)) {
                continue;
            }
            if (e.getValue().error() != null) {
                errors.add(id + "/" + e.getKey().getFileName() + ": does not parse: " + e.getValue().error());
                continue;
            }
            if (!e.getKey().toString().endsWith(".tf")) {
                continue;
            }
            JsonNode j = e.getValue().json();
            String file = id + "/" + e.getKey().getFileName();
            j.path("variable").properties().forEach(v -> v.getValue().forEach(b -> {
                if (!b.hasNonNull("type")) {
                    errors.add(file + ": variable \"" + v.getKey() + "\" has no type");
                }
                if (b.path("description").asText().isBlank()) {
                    errors.add(file + ": variable \"" + v.getKey() + "\" has no description");
                }
            }));
            j.path("output").properties().forEach(o -> o.getValue().forEach(b -> {
                if (b.path("description").asText().isBlank()) {
                    errors.add(file + ": output \"" + o.getKey() + "\" has no description");
                }
            }));
            for (JsonNode tf : j.path("terraform")) {
                if (!tf.path("required_version").asText().isBlank()) {
                    requiredVersion = true;
                }
                for (JsonNode rp : tf.path("required_providers")) {
                    rp.properties().forEach(p -> {
                        declaredProviders.add(p.getKey());
                        String v = p.getValue().path("version").asText("");
                        if (!PINNED.matcher(v).matches()) {
                            errors.add(file + ": provider \"" + p.getKey() + "\" version '" + v + "' is not pinned (= x.y.z or ~> x.y.z)");
                        }
                    });
                }
            }
            for (String block : List.of("resource", "data")) {
                j.path(block).properties().forEach(r -> usedProviders.add(r.getKey().split("_", 2)[0]));
            }
        }
        usedProviders.remove("terraform"); // terraform_data is built in
        if (!requiredVersion) {
            errors.add(id + ": terraform.required_version is not set");
        }
        for (String p : usedProviders) {
            if (!declaredProviders.contains(p)) {
                errors.add(id + ": uses provider \"" + p + "\" without declaring it in required_providers");
            }
        }
        return errors;
    }
}
