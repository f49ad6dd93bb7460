package dev.marketfn.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a rules file (format in docs/rules.md). Only SnakeYAML's composer is used: the file becomes a tree of plain
 * nodes, never objects, and any tag other than YAML's core ones is refused, so a rules file cannot instantiate a
 * class. Every error names the file, line and column.
 */
public final class RulesLoader {
    public static final String DEFAULT_RESOURCE = "dev/marketfn/rules/default-rules.yaml";
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_RULES = 500;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Set<Tag> CORE_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ);
    private static final Set<String> RULE_KEYS = Set.of("name", "condition", "signal", "score", "reset", "description",
            "enabled");
    private static final Set<String> TOP_KEYS = Set.of("rules", "thresholds");
    private static final Set<String> THRESHOLD_KEYS = Set.of("buy", "sell", "min_confidence");

    private final String file;
    private final String text;

    private RulesLoader(String file, String text) {
        this.file = file;
        this.text = text;
    }

    public static RuleSet load(Path path) {
        String name = path.toString();
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new RulesLoadException(name, 1, 1, "file larger than " + MAX_BYTES + " bytes");
            }
            return parse(decode(name, Files.readAllBytes(path)), name);
        } catch (IOException e) {
            throw new RulesLoadException(name, 1, 1, "cannot read: " + e);
        }
    }

    /** Loads a rules file from the class path (e.g. {@link #DEFAULT_RESOURCE}). */
    public static RuleSet loadResource(String resource) {
        try (InputStream in = RulesLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new RulesLoadException("classpath:" + resource, 1, 1, "resource not found");
            }
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new RulesLoadException("classpath:" + resource, 1, 1, "larger than " + MAX_BYTES + " bytes");
            }
            return parse(decode("classpath:" + resource, bytes), "classpath:" + resource);
        } catch (IOException e) {
            throw new RulesLoadException("classpath:" + resource, 1, 1, "cannot read: " + e);
        }
    }

    /** The rules shipped with the platform. */
    public static RuleSet defaults() {
        return loadResource(DEFAULT_RESOURCE);
    }

    /** Parses rules text; {@code file} is only used to name the source in errors. */
    public static RuleSet parse(String yaml, String file) {
        if (yaml.length() > MAX_BYTES) {
            throw new RulesLoadException(file, 1, 1, "larger than " + MAX_BYTES + " characters");
        }
        return new RulesLoader(file, yaml).read();
    }

    private static String decode(String name, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RulesLoadException(name, 1, 1, "not UTF-8 text");
        }
    }

    private RuleSet read() {
        Node root = compose();
        if (root == null) {
            throw new RulesLoadException(file, 1, 1, "empty rules file");
        }
        checkTags(root, Collections.newSetFromMap(new IdentityHashMap<>()));
        Node rulesNode;
        Thresholds thresholds = Thresholds.DEFAULT;
        if (root instanceof MappingNode top) {
            Map<String, NodeTuple> entries = entries(top, TOP_KEYS);
            if (!entries.containsKey("rules")) {
                throw error(top, "missing 'rules'");
            }
            rulesNode = entries.get("rules").getValueNode();
            if (entries.containsKey("thresholds")) {
                thresholds = thresholds(entries.get("thresholds").getValueNode());
            }
        } else {
            rulesNode = root;
        }
        if (!(rulesNode instanceof SequenceNode seq)) {
            throw error(rulesNode, "rules must be a list of rules ('- name: ...')");
        }
        if (seq.getValue().isEmpty()) {
            throw error(seq, "no rules");
        }
        if (seq.getValue().size() > MAX_RULES) {
            throw error(seq, "more than " + MAX_RULES + " rules");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node item : seq.getValue()) {
            Rule rule = rule(item, names);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new RuleSet(file, rules, thresholds);
    }

    private Node compose() {
        LoaderOptions options = new LoaderOptions();
        // Anchors/aliases could multiply a small file into a huge tree ("billion laughs"); deep nesting could overflow.
        options.setMaxAliasesForCollections(10);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(16);
        options.setCodePointLimit(MAX_BYTES);
        options.setProcessComments(false);
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options);
            return composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String reason = "YAML: " + (e.getProblem() != null ? e.getProblem() : e.getContext());
            throw m == null ? new RulesLoadException(file, 1, 1, reason)
                    : new RulesLoadException(file, m.getLine() + 1, m.getColumn() + 1, reason);
        } catch (YAMLException e) {
            throw new RulesLoadException(file, 1, 1, "YAML: " + e.getMessage());
        }
    }

    /** Refuses application tags ({@code !!javax.script.ScriptEngineManager}, {@code !foo}) anywhere in the file. */
    private void checkTags(Node node, Set<Node> seen) {
        if (!seen.add(node)) {
            return;
        }
        if (!CORE_TAGS.contains(node.getTag())) {
            throw error(node, "YAML tag '" + node.getTag().getValue() + "' is not allowed in a rules file");
        }
        switch (node) {
            case MappingNode m -> m.getValue().forEach(t -> {
                checkTags(t.getKeyNode(), seen);
                checkTags(t.getValueNode(), seen);
            });
            case SequenceNode s -> s.getValue().forEach(n -> checkTags(n, seen));
            default -> { }
        }
    }

    private Thresholds thresholds(Node node) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, "thresholds must be a mapping (buy, sell, min_confidence)");
        }
        Map<String, NodeTuple> e = entries(m, THRESHOLD_KEYS);
        double buy = e.containsKey("buy") ? number(e.get("buy").getValueNode(), "buy") : Thresholds.DEFAULT.buy();
        double sell = e.containsKey("sell") ? number(e.get("sell").getValueNode(), "sell") : Thresholds.DEFAULT.sell();
        double minConfidence = e.containsKey("min_confidence")
                ? number(e.get("min_confidence").getValueNode(), "min_confidence") : Thresholds.DEFAULT.minConfidence();
        try {
            return new Thresholds(buy, sell, minConfidence);
        } catch (IllegalArgumentException ex) {
            throw error(m, ex.getMessage());
        }
    }

    /** A rule, or null when it is disabled (still validated, so a disabled rule cannot hide a broken one). */
    private Rule rule(Node node, Set<String> names) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, "a rule must be a mapping with name, condition, signal and score");
        }
        Map<String, NodeTuple> e = entries(m, RULE_KEYS);
        for (String required : List.of("name", "condition", "signal", "score")) {
            if (!e.containsKey(required)) {
                throw error(m, "rule is missing '" + required + "'");
            }
        }
        ScalarNode nameNode = string(e.get("name").getValueNode(), "name");
        String name = nameNode.getValue();
        if (!NAME.matcher(name).matches()) {
            throw error(nameNode, "rule name '" + name + "' must match " + NAME.pattern());
        }
        if (!names.add(name)) {
            throw error(nameNode, "duplicate rule name '" + name + "'");
        }
        ScalarNode conditionNode = string(e.get("condition").getValueNode(), "condition");
        String condition = conditionNode.getValue();
        Node signalNode = e.get("signal").getValueNode();
        double signal = signal(signalNode);
        if (signal < -1 || signal > 1) {
            throw error(signalNode, "signal must be in [-1, 1], was " + signal);
        }
        Node scoreNode = e.get("score").getValueNode();
        double score = number(scoreNode, "score");
        if (score < 0) {
            throw error(scoreNode, "score must be >= 0, was " + score);
        }
        String description = e.containsKey("description") ? string(e.get("description").getValueNode(), "description")
                .getValue() : null;
        boolean enabled = !e.containsKey("enabled") || bool(e.get("enabled").getValueNode(), "enabled");

        Expr expression;
        String reset = null;
        try {
            expression = ConditionParser.parseCondition(condition, name);
        } catch (ExpressionException ex) {
            throw at(conditionNode, ex);
        }
        if (e.containsKey("reset")) {
            ScalarNode resetNode = string(e.get("reset").getValueNode(), "reset");
            reset = resetNode.getValue();
            try {
                expression = new Expr.Latch(expression.pos(), name + "#reset", expression,
                        ConditionParser.parseCondition(reset, name + "/reset"));
            } catch (ExpressionException ex) {
                throw at(resetNode, ex);
            }
        }
        return enabled ? new Rule(name, condition, reset, signal, score, description, expression) : null;
    }

    private Map<String, NodeTuple> entries(MappingNode m, Set<String> allowed) {
        Map<String, NodeTuple> out = new java.util.LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error(t.getKeyNode(), "keys must be plain names");
            }
            if (!allowed.contains(k.getValue())) {
                throw error(k, "unknown key '" + k.getValue() + "' (expected one of " + new java.util.TreeSet<>(allowed) + ")");
            }
            if (out.put(k.getValue(), t) != null) {
                throw error(k, "duplicate key '" + k.getValue() + "'");
            }
        }
        return out;
    }

    /**
     * A text field. A plain scalar YAML 1.1 would read as a number or boolean ({@code name: off},
     * {@code condition: 42}) is taken as written: the text matters here, not YAML's guess.
     */
    private ScalarNode string(Node node, String field) {
        if (!(node instanceof ScalarNode s) || Tag.NULL.equals(s.getTag())
                || (!Tag.STR.equals(s.getTag()) && !s.isPlain())) {
            throw error(node, field + " must be text");
        }
        return s;
    }

    /** A vote: a number, or one of the {@link SignalWords} (BUY, SELL, HOLD) as the seed rules files write it. */
    private double signal(Node node) {
        if (node instanceof ScalarNode s && Tag.STR.equals(s.getTag())) {
            return SignalWords.vote(s.getValue()).orElseThrow(() -> error(node,
                    "signal must be a number in [-1, 1] or one of BUY, SELL, HOLD, was '" + s.getValue() + "'"));
        }
        return number(node, "signal");
    }

    private double number(Node node, String field) {
        if (!(node instanceof ScalarNode s) || !(Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()))) {
            throw error(node, field + " must be a number");
        }
        try {
            double v = Double.parseDouble(s.getValue().replace("_", ""));
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below: YAML 1.1 also resolves forms like 0x1F or 1:30 as numbers
        }
        throw error(node, field + " must be a finite decimal number, was '" + s.getValue() + "'");
    }

    private boolean bool(Node node, String field) {
        if (!(node instanceof ScalarNode s) || !Tag.BOOL.equals(s.getTag())) {
            throw error(node, field + " must be true or false");
        }
        return switch (s.getValue().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "y" -> true;
            default -> false;
        };
    }

    private RulesLoadException error(Node node, String reason) {
        Mark m = node.getStartMark();
        return new RulesLoadException(file, m.getLine() + 1, m.getColumn() + 1, reason);
    }

    /** An expression error, at the file position of the offending character inside the condition's scalar. */
    private RulesLoadException at(ScalarNode node, ExpressionException e) {
        int[] lc = SourcePositions.locate(text, node.getStartMark(), node.getEndMark(),
                node.getScalarStyle() != ScalarStyle.PLAIN && node.getScalarStyle() != ScalarStyle.LITERAL
                        && node.getScalarStyle() != ScalarStyle.FOLDED,
                node.getScalarStyle() == ScalarStyle.LITERAL || node.getScalarStyle() == ScalarStyle.FOLDED,
                node.getValue(), e.position());
        return new RulesLoadException(file, lc[0], lc[1], e.reason());
    }
}
