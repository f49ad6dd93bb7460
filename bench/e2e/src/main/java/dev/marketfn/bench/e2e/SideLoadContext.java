package dev.marketfn.bench.e2e;

import dev.marketfn.launcher.Infra;
import java.nio.file.Path;
import java.util.List;

/** What a side load needs of the run: the stack, where things live, the feed's symbols and the observer. */
record SideLoadContext(Infra infra, Path functionsDir, Path stateDir, List<String> jvmOpts, String runId,
        List<String> mostActiveSymbols, Observer observer) {
}
