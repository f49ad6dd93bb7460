package dev.marketfn.launcher;

import dev.marketfn.codec.KafkaTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The {@code --to kafka|http [URL]}, {@code --url}, {@code --structured} and {@code --topic-prefix} options that
 * {@code replay}, {@code synth} and {@code actions load} share, and the {@link Sender} they name.
 */
public final class Destination {
    private static final Pattern BOOTSTRAP = Pattern.compile("[\\w.\\-\\[\\]:]+:\\d+(,[\\w.\\-\\[\\]:]+:\\d+)*");

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--to", paramLabel = "kafka|http [URL]", hideParamSyntax = true, parameterConsumer = ToConsumer.class,
            description = "kafka: the local stack's topics; http: one function (POST). The URL may follow: "
                    + "--to http http://localhost:8081/ or --to kafka localhost:9092. "
                    + "Default: http when --url is an http(s) URL, else kafka at $KAFKA_BOOTSTRAP_SERVERS")
    List<String> to = new ArrayList<>();

    @Option(names = "--url", paramLabel = "URL",
            description = "HTTP: the function URL; Kafka: bootstrap servers (default $KAFKA_BOOTSTRAP_SERVERS)")
    String url;

    @Option(names = "--structured", description = "HTTP: structured mode (application/cloudevents+json) instead of binary")
    boolean structured;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = KafkaTopics.DEFAULT_PREFIX,
            description = "Kafka: each event goes to <PREFIX>.<subscriber>, e.g. raw events to <PREFIX>.normalize "
                    + "(default: ${DEFAULT-VALUE})")
    String topicPrefix;

    /** Takes {@code kafka|http} and, when the next argument looks like one, its URL or bootstrap servers. */
    static final class ToConsumer implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            if (args.isEmpty()) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(),
                        "Missing required parameter for option '--to' (kafka|http [URL])");
            }
            List<String> v = new ArrayList<>();
            v.add(args.pop());
            if (!args.isEmpty() && looksLikeTarget(v.get(0), args.peek())) {
                v.add(args.pop());
            }
            argSpec.setValue(v);
        }
    }

    static boolean looksLikeTarget(String kind, String next) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "http" -> next.startsWith("http://") || next.startsWith("https://");
            case "kafka" -> BOOTSTRAP.matcher(next).matches();
            default -> false;
        };
    }

    /** kafka or http; a usage error (exit 2) for anything else or a second URL. */
    public String kind() {
        String kind;
        if (to.isEmpty()) {
            kind = url != null && looksLikeTarget("http", url) ? "http" : "kafka";
        } else {
            kind = to.get(0).toLowerCase(Locale.ROOT);
        }
        if (!kind.equals("kafka") && !kind.equals("http")) {
            throw usage("--to must be kafka or http, not " + to.get(0));
        }
        if (to.size() > 1 && url != null && !url.equals(to.get(1))) {
            throw usage("two targets: --to " + kind + " " + to.get(1) + " and --url " + url);
        }
        if (kind.equals("http")) {
            String target = target();
            if (target == null) {
                throw usage("--to http needs a URL (--to http http://host:port/ or --url)");
            }
            try {
                Sender.uri(target);
            } catch (LauncherException e) {
                throw usage(e.getMessage());
            }
        }
        return kind;
    }

    /** The destination as a job's argument: kind and target when named (a job_runs row says where it sent). */
    public String describe() {
        String target = target();
        return target == null ? kind() : kind() + " " + target;
    }

    private String target() {
        return to.size() > 1 ? to.get(1) : url;
    }

    /** Checks the arguments (usage errors first), then opens the sender: Kafka is checked to answer. */
    public Sender open(Map<String, String> env) {
        String kind = kind();
        if (kind.equals("http")) {
            return Sender.http(target(), structured);
        }
        String bootstrap = target() != null ? target() : Infra.blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS"));
        if (bootstrap == null) {
            throw new LauncherException("--to kafka needs bootstrap servers: --to kafka host:port, --url host:port "
                    + "or KAFKA_BOOTSTRAP_SERVERS");
        }
        return Sender.kafka(bootstrap, topicPrefix);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(mixee.commandLine(), message);
    }
}
