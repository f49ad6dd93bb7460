package dev.marketfn.launcher;

/** A failure with a message meant for the user (printed without a stack trace, exit code 1). */
public class LauncherException extends RuntimeException {
    public LauncherException(String message) {
        super(message);
    }
}
