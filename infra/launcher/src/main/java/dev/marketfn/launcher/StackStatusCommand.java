package dev.marketfn.launcher;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code marketfn stack status}. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Is the stack of <state-dir>/stack.env reachable?")
final class StackStatusCommand extends Main.Base {
    @Mixin
    StateDirOption stateDir;

    @Override
    public Integer call() throws Exception {
        Map<String, String> e = StackEnv.read(stateDir.dir);
        boolean ok = true;
        try {
            Infra.requireKafka(e.get("KAFKA_BOOTSTRAP_SERVERS"));
            out.println("kafka      up    " + e.get("KAFKA_BOOTSTRAP_SERVERS"));
        } catch (LauncherException x) {
            ok = false;
            out.println("kafka      DOWN  " + x.getMessage());
        }
        try (var c = Infra.connect(e.get("PG_URL"), e.get("PG_USER"), e.get("PG_PASSWORD"))) {
            out.println("postgres   up    " + e.get("PG_URL"));
        } catch (java.sql.SQLException x) {
            ok = false;
            out.println("postgres   DOWN  " + x.getMessage());
        }
        return ok ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
