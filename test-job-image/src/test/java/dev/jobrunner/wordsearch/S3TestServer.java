package dev.jobrunner.wordsearch;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.awaitility.Awaitility;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * An S3-compatible server in the test's own process (s3proxy, in memory) on a random loopback port,
 * with real signature checks, and a client to arrange and inspect its buckets.
 */
final class S3TestServer implements AutoCloseable {

    static final String ACCESS_KEY = "test-access-key-7d1e";
    static final String SECRET_KEY = "test-secret-key-never-printed-3c9b";

    private final S3Proxy proxy;
    private final FaultInjectingBlobStore store;
    private final MinioClient client;

    private S3TestServer(S3Proxy proxy, FaultInjectingBlobStore store) {
        this.proxy = proxy;
        this.store = store;
        this.client = MinioClient.builder()
                .endpoint("127.0.0.1", proxy.getPort(), false)
                .credentials(ACCESS_KEY, SECRET_KEY)
                .build();
    }

    static S3TestServer start() throws Exception {
        var store = new FaultInjectingBlobStore(BlobStores.create("transient", new Properties()));
        var proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        Awaitility.await().until(() -> "STARTED".equals(proxy.getState()));
        return new S3TestServer(proxy, store);
    }

    FaultInjectingBlobStore faults() {
        return store;
    }

    /** The storage part of the environment the function gives a Job. */
    Map<String, String> storageEnvironment() {
        var environment = new HashMap<String, String>();
        environment.put("MINIO_SERVICE_HOST", "127.0.0.1");
        environment.put("MINIO_SERVICE_PORT", Integer.toString(proxy.getPort()));
        environment.put("MINIO_ACCESS_KEY", ACCESS_KEY);
        environment.put("MINIO_SECRET_KEY", SECRET_KEY);
        return environment;
    }

    void createBucket(String bucket) throws Exception {
        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    }

    boolean bucketExists(String bucket) throws Exception {
        return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
    }

    void put(String bucket, String key, String text) throws Exception {
        put(bucket, key, text.getBytes(StandardCharsets.UTF_8));
    }

    void put(String bucket, String key, byte[] content) throws Exception {
        put(bucket, key, new ByteArrayInputStream(content), content.length);
    }

    void put(String bucket, String key, InputStream content, long size) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(content, size, -1)
                .build());
    }

    List<String> keys(String bucket) throws Exception {
        var keys = new ArrayList<String>();
        for (var result : client.listObjects(
                ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(result.get().objectName());
        }
        return keys;
    }

    String read(String bucket, String key) throws Exception {
        try (var content = client.getObject(
                GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return new String(content.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every object under {@code prefix} in every bucket, bucket/key to content. */
    Map<String, String> objectsUnder(String prefix) throws Exception {
        var contents = new HashMap<String, String>();
        for (var bucket : client.listBuckets()) {
            for (var key : keys(bucket.name())) {
                if (key.startsWith(prefix)) {
                    contents.put(bucket.name() + "/" + key, read(bucket.name(), key));
                }
            }
        }
        return contents;
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
    }
}
