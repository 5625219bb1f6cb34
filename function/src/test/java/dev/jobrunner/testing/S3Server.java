package dev.jobrunner.testing;

import java.net.URI;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An S3-compatible server in the test's own process (s3proxy, in memory) on a loopback port,
 * with real signature checks. It can be stopped and started again on the same port with the same
 * contents, as an object store that goes down and comes back.
 */
public class S3Server {

    private final BucketFaults contents = new BucketFaults(BlobStores.create("transient", new Properties()));
    private final String accessKey;
    private final String secretKey;
    private int port;
    private S3Proxy proxy;

    /** A server on a free port. */
    public S3Server(String accessKey, String secretKey) {
        this(accessKey, secretKey, 0);
    }

    /** A server on {@code port} of loopback; 0 takes a free one. */
    public S3Server(String accessKey, String secretKey, int port) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.port = port;
    }

    public synchronized void start() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(contents)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        Awaitility.await().until(() -> "STARTED".equals(proxy.getState()));
        port = proxy.getPort();
    }

    public synchronized void stop() throws Exception {
        proxy.stop();
        Awaitility.await().until(() -> "STOPPED".equals(proxy.getState()));
    }

    /** The next {@code times} requests to make this bucket fail with this S3 error. */
    public void failMakingBucket(String bucket, S3ErrorCode error, int times) {
        contents.failMaking(bucket, error, times);
    }

    /**
     * Stages a race of {@code writers} for {@code key} in any bucket: the first write that would
     * make the object appear (a PutObject or a CompleteMultipartUpload) waits until every writer
     * has begun writing, and so is past its look-up; the writes after it wait for
     * {@code laterWritesAfter}.
     */
    public void race(String key, int writers, CompletableFuture<?> laterWritesAfter) {
        contents.race(key, writers, laterWritesAfter);
    }

    /** How often the object under {@code key} was read, in any bucket. */
    public int reads(String key) {
        return contents.reads(key);
    }

    /** The multipart uploads begun in the bucket and neither completed nor aborted. */
    public int openUploads(String bucket) {
        return contents.listMultipartUploads(bucket).size();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Points the application at this server: read once it has started, whatever its port. */
    public void configureApplication(DynamicPropertyRegistry registry) {
        registry.add("jobrunner.storage.endpoint", this::endpoint);
        registry.add("jobrunner.storage.access-key", () -> accessKey);
        registry.add("jobrunner.storage.secret-key", () -> secretKey);
    }
}
