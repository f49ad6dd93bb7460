package dev.marketfn.launcher;

import java.nio.file.Files;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code marketfn stack down}. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the stack started by `stack up`.")
final class StackDownCommand extends Main.Base {
    @Mixin
    StateDirOption stateDir;

    @Override
    public Integer call() throws Exception {
        Map<String, String> e = StackEnv.read(stateDir.dir);
        long pid = Long.parseLong(e.getOrDefault("MARKETFN_STACK_PID", "-1"));
        var ph = ProcessHandle.of(pid);
        if (ph.isEmpty() || !ph.get().isAlive()) {
            Files.deleteIfExists(stateDir.envFile());
            throw new LauncherException("stack process " + pid + " is not running (removed stale " + stateDir.envFile() + ")");
        }
        ph.get().destroy();
        ph.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        out.println("stack down (pid " + pid + ")");
        return Main.EXIT_OK;
    }
}
