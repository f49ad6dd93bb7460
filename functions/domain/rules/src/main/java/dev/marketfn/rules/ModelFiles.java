package dev.marketfn.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * What every model file format shares (the JSON {@link LogisticScorer}, alpha-call's ONNX scorer): reading the file
 * or resource within a size bound, and the name and version every call, the signals table and metric tags carry.
 */
public final class ModelFiles {
    /** Name and version go into calls, the signals table (jsonb) and metric tags: plain identifiers only. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}");

    private ModelFiles() {
    }

    /** The file at {@code path}, parsed by {@code parse(bytes, source)}; refused when larger than {@code maxBytes}. */
    public static <T> T load(Path path, int maxBytes, BiFunction<byte[], String, T> parse) {
        try {
            if (Files.size(path) > maxBytes) {
                throw new ModelLoadException(path.toString(), "larger than " + maxBytes + " bytes");
            }
            return parse.apply(Files.readAllBytes(path), path.toString());
        } catch (IOException e) {
            throw new ModelLoadException(path.toString(), "cannot read: " + e);
        }
    }

    /** As {@link #load}, for a resource of {@code loader} (a model bundled with the function). */
    public static <T> T loadResource(ClassLoader loader, String resource, int maxBytes,
            BiFunction<byte[], String, T> parse) {
        String source = "classpath:" + resource;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelLoadException(source, "resource not found");
            }
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ModelLoadException(source, "larger than " + maxBytes + " bytes");
            }
            return parse.apply(bytes, source);
        } catch (IOException e) {
            throw new ModelLoadException(source, "cannot read: " + e);
        }
    }

    /** The model's name, checked; {@code field} is what the file calls it. */
    public static String name(String name, String field, String source) {
        if (!NAME.matcher(name).matches()) {
            throw new ModelLoadException(source, "'" + field + "' must match " + NAME.pattern());
        }
        return name;
    }

    /** The model's version, checked; {@code field} is what the file calls it. */
    public static String version(String version, String field, String source) {
        if (!VERSION.matcher(version).matches()) {
            throw new ModelLoadException(source, "'" + field + "' must match " + VERSION.pattern());
        }
        return version;
    }
}
