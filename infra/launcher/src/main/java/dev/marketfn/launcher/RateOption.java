package dev.marketfn.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --rate N} of the commands that send a file's events ({@code replay}, {@code actions load}). */
final class RateOption {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "N", description = "events per second, 0 = as fast as possible (default)")
    double rate;

    /** Events per second, 0 = unpaced; a usage error when negative or infinite. */
    double perSecond() {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--rate must be >= 0");
        }
        return rate;
    }
}
