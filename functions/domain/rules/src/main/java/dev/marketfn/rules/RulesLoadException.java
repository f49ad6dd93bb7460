package dev.marketfn.rules;

/** A rules file that cannot be used: where (file, 1-based line and column) and why. */
public final class RulesLoadException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    public RulesLoadException(String file, int line, int column, String reason) {
        super(file + ":" + line + ":" + column + ": " + reason, null, false, false);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }
}
