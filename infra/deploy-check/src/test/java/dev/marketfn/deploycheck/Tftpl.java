package dev.marketfn.deploycheck;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the subset of Terraform's templatefile() syntax the module manifests use: ${name} interpolation and
 * whole-line %{ if name != "" ~} ... %{ endif ~} blocks. Anything else is rejected, so a template cannot silently
 * escape validation by using syntax this renderer does not understand.
 */
final class Tftpl {
    private static final Pattern IF = Pattern.compile("\\s*%\\{ if (\\w+) != \"\" ~}\\s*");
    private static final Pattern ENDIF = Pattern.compile("\\s*%\\{ endif ~}\\s*");
    private static final Pattern VAR = Pattern.compile("\\$\\{(\\w+)}");

    private Tftpl() {
    }

    static String render(String template, Map<String, ?> vars) {
        StringBuilder out = new StringBuilder();
        Boolean include = null;
        for (String line : template.split("\n", -1)) {
            Matcher m = IF.matcher(line);
            if (m.matches()) {
                include = !String.valueOf(value(vars, m.group(1))).isEmpty();
                continue;
            }
            if (ENDIF.matcher(line).matches()) {
                include = null;
                continue;
            }
            if (line.contains("%{")) {
                throw new IllegalArgumentException("unsupported template directive: " + line.trim());
            }
            if (include != null && !include) {
                continue;
            }
            Matcher v = VAR.matcher(line);
            StringBuilder sb = new StringBuilder();
            while (v.find()) {
                v.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(value(vars, v.group(1)))));
            }
            v.appendTail(sb);
            if (sb.toString().contains("${")) {
                throw new IllegalArgumentException("unsupported interpolation: " + line.trim());
            }
            out.append(sb).append('\n');
        }
        return out.toString();
    }

    private static Object value(Map<String, ?> vars, String name) {
        if (!vars.containsKey(name)) {
            throw new IllegalArgumentException("template variable ${" + name + "} has no test value");
        }
        return vars.get(name);
    }
}
