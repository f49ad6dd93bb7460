package dev.marketfn.archive;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens the store an archive URI names:
 * <ul>
 *   <li>a path or {@code file:///path}: a {@link DirectoryStore};</li>
 *   <li>{@code s3://bucket[/prefix][?endpoint=http://host:port&region=R]}: an {@link S3Store}. Endpoint default
 *       {@code $AWS_ENDPOINT_URL} (else AWS), region {@code $AWS_REGION} (else us-east-1), credentials
 *       {@code $AWS_ACCESS_KEY_ID}/{@code $AWS_SECRET_ACCESS_KEY} (else anonymous).</li>
 * </ul>
 */
public final class ObjectStores {
    private ObjectStores() {
    }

    public static ObjectStore open(String uri, Map<String, String> env) {
        if (uri.startsWith("s3://")) {
            URI u = URI.create(uri);
            if (u.getHost() == null || u.getHost().isBlank()) {
                throw new IllegalArgumentException("archive URI " + uri + " names no bucket (s3://bucket/prefix)");
            }
            Map<String, String> q = query(u.getRawQuery());
            String endpoint = q.getOrDefault("endpoint", blankToNull(env.get("AWS_ENDPOINT_URL")));
            String region = q.getOrDefault("region", env.getOrDefault("AWS_REGION", "us-east-1"));
            String path = u.getPath() == null ? "" : u.getPath().replaceFirst("^/", "");
            return new S3Store(u.getHost(), path, endpoint == null ? null : URI.create(endpoint), region,
                    blankToNull(env.get("AWS_ACCESS_KEY_ID")), blankToNull(env.get("AWS_SECRET_ACCESS_KEY")));
        }
        if (uri.startsWith("file:")) {
            return new DirectoryStore(Path.of(URI.create(uri)));
        }
        if (uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("archive URI " + uri + ": use a directory, file:///dir or s3://bucket/prefix");
        }
        return new DirectoryStore(Path.of(uri));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
