package dev.marketfn.rules;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The rule set in force. A reload that fails leaves the last good set in place and returns the error, so a bad edit
 * of a mounted rules file (ConfigMap) degrades to "old rules" rather than "no signals".
 */
public final class RulesHolder {
    private final AtomicReference<RuleSet> current;

    public RulesHolder(RuleSet initial) {
        if (initial == null) {
            throw new IllegalArgumentException("initial rule set is required");
        }
        this.current = new AtomicReference<>(initial);
    }

    public RuleSet current() {
        return current.get();
    }

    /** Reloads from a file; empty on success, the error (current set kept) on failure. */
    public Optional<RulesLoadException> reload(Path file) {
        return reload(() -> RulesLoader.load(file));
    }

    /** Reloads from text, e.g. read from a ConfigMap or an admin endpoint. */
    public Optional<RulesLoadException> reload(String yaml, String source) {
        return reload(() -> RulesLoader.parse(yaml, source));
    }

    private Optional<RulesLoadException> reload(Supplier<RuleSet> loader) {
        try {
            current.set(loader.get());
            return Optional.empty();
        } catch (RulesLoadException e) {
            return Optional.of(e);
        }
    }
}
