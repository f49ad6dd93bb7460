package dev.marketfn.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Kubernetes objects terraform/modules create, read from the HCL (typed kubernetes_* resources, helm_release
 * create_namespace) and from the rendered manifests/*.yaml.tftpl (kubernetes_manifest), as "group/Kind namespace/name"
 * (cluster-scoped: "group/Kind /name"). Names are resolved from variable defaults and references to other resources'
 * metadata[0].name; a name the resolver cannot work out is reported as an error rather than skipped.
 */
final class TerraformObjects {
    /** Typed provider resources -> group/Kind ("" = core group). */
    static final Map<String, String> TYPED = Map.of(
            "kubernetes_namespace_v1", "/Namespace",
            "kubernetes_service_account_v1", "/ServiceAccount",
            "kubernetes_secret_v1", "/Secret",
            "kubernetes_config_map_v1", "/ConfigMap",
            "kubernetes_role_v1", "rbac.authorization.k8s.io/Role",
            "kubernetes_role_binding_v1", "rbac.authorization.k8s.io/RoleBinding",
            "kubernetes_network_policy_v1", "networking.k8s.io/NetworkPolicy");
    private static final Pattern VAR = Pattern.compile("\\$\\{var\\.(\\w+)}");
    private static final Pattern REF = Pattern.compile("\\$\\{(\\w+)\\.(\\w+)\\.metadata\\[0]\\.name}");
    /** for_each over the module's files: fileset("${path.module}/DIR", "*.EXT"). */
    private static final Pattern FILESET = Pattern.compile("fileset\\(\"\\$\\{path\\.module}/([\\w./-]+)\",\\s*\"\\*(\\.\\w+)\"\\)");
    /** The name of one of those objects: ...${trimsuffix(each.value, ".EXT")}... */
    private static final String EACH_BASENAME = "\\$\\{trimsuffix\\(each\\.value,\\s*\"\\.\\w+\"\\)}";

    record Result(TreeSet<String> ids, List<String> errors) {
    }

    private TerraformObjects() {
    }

    static String id(String groupKind, String namespace, String name) {
        return groupKind + " " + (namespace == null ? "" : namespace) + "/" + name;
    }

    /** id of a rendered object, in the same form. */
    static String id(JsonNode o) {
        String api = o.path("apiVersion").asText();
        String group = api.contains("/") ? api.substring(0, api.indexOf('/')) : "";
        String ns = o.path("metadata").path("namespace").asText("");
        return id(group + "/" + o.path("kind").asText(), ns, o.path("metadata").path("name").asText());
    }

    static Result of(Path modules) {
        TreeSet<String> ids = new TreeSet<>();
        List<String> errors = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(modules)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path m : dirs) {
            String module = m.getFileName().toString();
            Map<String, String> defaults = new LinkedHashMap<>();
            List<Path> tf = TerraformCheck.hclFiles(m).stream().filter(p -> p.getParent().equals(m) && p.toString().endsWith(".tf")).toList();
            Map<Path, Hcl.Parsed> parsed = Hcl.parse(tf);
            parsed.values().forEach(p -> p.json().path("variable").properties().forEach(v -> {
                JsonNode d = v.getValue().path(0).path("default");
                if (d.isValueNode()) {
                    defaults.put(v.getKey(), d.asText());
                }
            }));
            // resource address -> resolved metadata.name (filled lazily)
            Map<String, JsonNode> resources = new LinkedHashMap<>();
            parsed.values().forEach(p -> p.json().path("resource").properties().forEach(t -> t.getValue().properties()
                    .forEach(r -> resources.put(t.getKey() + "." + r.getKey(), r.getValue().path(0)))));
            for (var r : resources.entrySet()) {
                String type = r.getKey().split("\\.")[0];
                JsonNode body = r.getValue();
                if (type.equals("helm_release") && body.path("create_namespace").asBoolean(false)) {
                    ids.add(id("/Namespace", null, resolve(body.path("namespace").asText(), defaults, resources, errors, module)));
                }
                if (!TYPED.containsKey(type)) {
                    continue;
                }
                JsonNode meta = body.path("metadata").path(0);
                String ns = meta.has("namespace") ? resolve(meta.path("namespace").asText(), defaults, resources, errors, module) : null;
                String name = meta.path("name").asText();
                Matcher files = FILESET.matcher(body.path("for_each").asText());
                if (files.find() && name.matches(".*" + EACH_BASENAME + ".*")) {
                    // one object per file of the module's directory, named after the file
                    try (Stream<Path> listed = Files.list(m.resolve(files.group(1)))) {
                        for (Path f : listed.filter(p -> p.toString().endsWith(files.group(2))).sorted().toList()) {
                            String base = f.getFileName().toString();
                            base = base.substring(0, base.length() - files.group(2).length());
                            ids.add(id(TYPED.get(type), ns, name.replaceAll(EACH_BASENAME, Matcher.quoteReplacement(base))));
                        }
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                    continue;
                }
                if (name.equals("${each.key}")) {
                    // for_each over a literal set: toset(["a", "b"]) (possibly inside a conditional)
                    Matcher lit = Pattern.compile("\"([^\"]+)\"").matcher(body.path("for_each").asText().replaceAll("\\$\\{var\\.\\w+}", ""));
                    boolean any = false;
                    while (lit.find()) {
                        if (!lit.group(1).equals("platform") && !lit.group(1).equals("workloads")) {
                            ids.add(id(TYPED.get(type), ns, lit.group(1)));
                            any = true;
                        }
                    }
                    if (!any) {
                        errors.add(module + ": cannot resolve for_each names of " + r.getKey());
                    }
                    continue;
                }
                ids.add(id(TYPED.get(type), ns, resolve(name, defaults, resources, errors, module)));
            }
        }
        for (var e : TerraformTest.TEMPLATE_VALUES.entrySet()) {
            Path dir = modules.resolve(e.getKey()).resolve("manifests");
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path t : s.filter(p -> p.toString().endsWith(".yaml.tftpl")).sorted().toList()) {
                    for (ObjectNode doc : Yaml.documents(Tftpl.render(Files.readString(t), e.getValue().getFirst()))) {
                        ids.add(id(doc));
                    }
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return new Result(ids, errors);
    }

    private static String resolve(String expr, Map<String, String> defaults, Map<String, JsonNode> resources, List<String> errors, String module) {
        String out = expr;
        for (int i = 0; i < 5 && out.contains("${"); i++) {
            Matcher v = VAR.matcher(out);
            StringBuilder sb = new StringBuilder();
            while (v.find()) {
                v.appendReplacement(sb, Matcher.quoteReplacement(defaults.getOrDefault(v.group(1), v.group())));
            }
            v.appendTail(sb);
            Matcher r = REF.matcher(sb.toString());
            StringBuilder sb2 = new StringBuilder();
            while (r.find()) {
                JsonNode target = resources.get(r.group(1) + "." + r.group(2));
                String n = target == null ? r.group() : target.path("metadata").path(0).path("name").asText(r.group());
                r.appendReplacement(sb2, Matcher.quoteReplacement(n));
            }
            r.appendTail(sb2);
            out = sb2.toString();
        }
        if (out.contains("${")) {
            errors.add(module + ": cannot resolve '" + expr + "'");
        }
        return out;
    }
}
