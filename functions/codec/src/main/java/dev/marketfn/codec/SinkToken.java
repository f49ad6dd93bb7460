package dev.marketfn.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The OIDC token a workload presents when it posts to {@code K_SINK}. With Knative Eventing's
 * {@code authentication-oidc} feature on, the SinkBinding reconciler keeps a token for the sink's audience (the
 * broker's {@code status.address.audience}, identity: the SinkBinding's own service account) in the secret
 * {@code <binding>-oidc-token}, key {@code token}, and its webhook projects that secret into every container of the
 * subject at {@code /oidc}: the file {@link #KNATIVE_FILE}. There is no environment variable for it. The reconciler
 * renews the token before it expires and the kubelet swaps the file, so it is read again for every post; it is a few
 * hundred bytes on a tmpfs. With the feature off (and on the local stack) there is no file, and no header is sent.
 * The token is never logged: errors name the file only.
 */
public final class SinkToken {
    /** Where Knative mounts it (knative/eventing SinkBinding: volume {@code oidc-token}, mount path {@code /oidc}). */
    public static final Path KNATIVE_FILE = Path.of("/oidc/token");

    private final Path file;

    public SinkToken(Path file) {
        this.file = file;
    }

    /** The token Knative projects, if it does. */
    public static SinkToken knative() {
        return new SinkToken(KNATIVE_FILE);
    }

    /**
     * The {@code Authorization} header value for a post made now ({@code Bearer <token>}), or empty when there is no
     * token file (or it is empty).
     *
     * @throws IOException if the file exists but cannot be read or holds something other than one token
     */
    public Optional<String> authorization() throws IOException {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException("cannot read the sink token file " + file + ": " + e.getClass().getSimpleName());
        }
        if (token.isEmpty()) {
            return Optional.empty();
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // a JWT is base64url and dots; anything else would be an invalid (or injected) header value
            throw new IOException("the sink token file " + file + " does not hold a single token");
        }
        return Optional.of("Bearer " + token);
    }

    public Path file() {
        return file;
    }
}
