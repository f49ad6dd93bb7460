package dev.marketfn.alphacall;

import dev.marketfn.rules.LogisticScorer;
import dev.marketfn.rules.Scorer;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The optional model: {@code marketfn.model.file} is a path (a mounted ConfigMap or volume) or
 * {@code classpath:<resource>} (e.g. the shipped sample {@code classpath:models/logit-v1.json}); unset means rules
 * only. A file that cannot be used stops start-up with the file and the reason: a model that was asked for and is
 * silently missing would change every call. The rest of the function only sees the {@link Scorer} interface.
 */
@Singleton
public class ScorerSource {
    public static final String CLASSPATH = "classpath:";

    @ConfigProperty(name = "marketfn.model.file")
    Optional<String> file;

    public Optional<Scorer> load() {
        return file.filter(f -> !f.isBlank()).map(String::strip).map(ScorerSource::open);
    }

    static Scorer open(String location) {
        return location.startsWith(CLASSPATH) ? LogisticScorer.loadResource(location.substring(CLASSPATH.length()))
                : LogisticScorer.load(Path.of(location));
    }
}
