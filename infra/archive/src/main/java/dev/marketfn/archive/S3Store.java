package dev.marketfn.archive;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Any S3-compatible store (AWS, MinIO, Ceph RGW, S3Mock) through the AWS SDK for Java v2: path-style requests to a
 * configurable endpoint, the JDK's HTTP client, short timeouts and the SDK's standard retries (3 attempts), so an
 * unreachable store fails a batch in seconds and the archiver retries it later from its cursor.
 */
public final class S3Store implements ObjectStore {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String description;

    /**
     * {@code endpoint} null = AWS's for the region. Credentials: the given pair, else anonymous (S3Mock, public
     * MinIO test servers); the instance-metadata lookups of the default chain are never made.
     */
    public S3Store(String bucket, String prefix, URI endpoint, String region, String accessKey, String secretKey) {
        AwsCredentialsProvider credentials = accessKey != null && secretKey != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey))
                : AnonymousCredentialsProvider.create();
        var builder = S3Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                .forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(60)));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        this.s3 = builder.build();
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.description = "s3://" + bucket + "/" + this.prefix + (endpoint == null ? "" : " (endpoint " + endpoint + ")");
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(prefix + key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw unreachable("HEAD", key, e);
        } catch (SdkException e) {
            throw unreachable("HEAD", key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw unreachable("GET", key, e);
        }
    }

    @Override
    public void put(String key, byte[] bytes) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw unreachable("PUT", key, e);
        }
    }

    @Override
    public List<String> list(String keyPrefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        try {
            do {
                var req = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix + keyPrefix);
                if (token != null) {
                    req.continuationToken(token);
                }
                ListObjectsV2Response page = s3.listObjectsV2(req.build());
                for (S3Object o : page.contents()) {
                    keys.add(o.key().substring(prefix.length()));
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw unreachable("LIST", keyPrefix, e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        s3.close();
    }

    private UnreachableStoreException unreachable(String op, String key, SdkException e) {
        return new UnreachableStoreException(op + " " + description + " " + key + " failed: " + e.getMessage(), e);
    }
}
