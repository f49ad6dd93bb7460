package dev.marketfn.images;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where things live inside every marketfn image. The paths follow the eclipse-temurin images (Java at
 * /opt/java/openjdk), so that a base pulled from a registry and the local base are interchangeable.
 */
final class ImageLayout {
    private ImageLayout() {
    }

    static final String JAVA_HOME = "/opt/java/openjdk";
    static final String JAVA = JAVA_HOME + "/bin/java";
    static final String APP_DIR = "/deployments";
    static final String RUN_JAR = APP_DIR + "/quarkus-run.jar";
    /** The JDK AOT cache trained in the build; the launcher's name for it, beside quarkus-run.jar. */
    static final String AOT_CACHE = APP_DIR + "/app.aot";
    /** Non-root, numeric (Kubernetes checks runAsNonRoot against a number); the UID the UBI/Quarkus images use. */
    static final String USER = "185:185";
    /**
     * Every file's modification time in the image (Jib's default made explicit): the AOT cache records the class
     * path jars' times, so the training copy of the app must carry the same ones as the image.
     */
    static final Instant FILE_TIME = Instant.ofEpochSecond(1);

    /** The container's command: the fast-jar, with the AOT cache when the image has one. */
    static List<String> entrypoint(boolean aotCache) {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        if (aotCache) {
            cmd.add("-XX:AOTCache=" + AOT_CACHE);
        }
        cmd.add("-jar");
        cmd.add(RUN_JAR);
        return cmd;
    }
}
