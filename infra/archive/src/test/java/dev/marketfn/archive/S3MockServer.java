package dev.marketfn.archive;

import com.adobe.testing.s3mock.S3MockApplication;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A real S3 API server (Adobe S3Mock, Spring Boot) in this JVM on a random loopback port, with one bucket. */
final class S3MockServer implements AutoCloseable {
    static final String BUCKET = "archive";
    private final S3MockApplication app;

    S3MockServer(Path root) {
        // start() removes entries it consumed, so the map must be mutable
        app = S3MockApplication.start(new HashMap<>(Map.of(
                S3MockApplication.PROP_INITIAL_BUCKETS, BUCKET,
                S3MockApplication.PROP_ROOT_DIRECTORY, root.toString(),
                S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_SILENT, true,
                "server.address", "127.0.0.1")));
    }

    /** {@code s3://archive/<prefix>?endpoint=http://127.0.0.1:<port>}. */
    String uri(String prefix) {
        return "s3://" + BUCKET + "/" + prefix + "?endpoint=http://127.0.0.1:" + app.getHttpPort();
    }

    @Override
    public void close() {
        app.stop();
    }
}
