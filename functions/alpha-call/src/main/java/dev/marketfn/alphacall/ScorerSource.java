package dev.marketfn.alphacall;

import dev.marketfn.rules.LogisticScorer;
import dev.marketfn.rules.Scorer;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The optional model: {@code marketfn.model.file} is a path (a mounted ConfigMap or volume) or
 * {@code classpath:<resource>} (e.g. the shipped sample {@code classpath:models/logit-v1.json}); unset means rules
 * only. A name ending in {@code .onnx} is an ONNX model (docs/models.md), evaluated on its own threads and waited for
 * at most {@code marketfn.model.timeout}; anything else is the JSON logistic format (docs/rules.md), evaluated in place
 * in microseconds. A file that cannot be used stops start-up with the file and the reason: a model that was asked for
 * and is silently missing would change every call. The rest of the function only sees the {@link Scorer} interface.
 */
@Singleton
public class ScorerSource {
    public static final String CLASSPATH = "classpath:";

    @ConfigProperty(name = "marketfn.model.file")
    Optional<String> file;
    @ConfigProperty(name = "marketfn.model.timeout", defaultValue = "20ms")
    Duration timeout;
    @ConfigProperty(name = "marketfn.model.threads", defaultValue = "2")
    int threads;

    public Optional<Scorer> load() {
        return file.filter(f -> !f.isBlank()).map(String::strip).map(f -> open(f, timeout, threads));
    }

    /** With the default timeout and threads. */
    static Scorer open(String location) {
        return open(location, Duration.ofMillis(20), 2);
    }

    static Scorer open(String location, Duration timeout, int threads) {
        boolean resource = location.startsWith(CLASSPATH);
        String name = resource ? location.substring(CLASSPATH.length()) : location;
        if (name.endsWith(".onnx")) {
            OnnxScorer onnx = resource ? OnnxScorer.loadResource(name) : OnnxScorer.load(Path.of(name));
            return new TimeBoxedScorer(onnx, timeout, threads);
        }
        return resource ? LogisticScorer.loadResource(name) : LogisticScorer.load(Path.of(name));
    }
}
