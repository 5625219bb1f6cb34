package dev.jobrunner.benchmarks;

import java.net.URI;
import java.util.List;
import java.util.Properties;

import org.awaitility.Awaitility;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/** An S3 server in the benchmark's process (s3proxy, in memory) for the function's logs. */
final class ObjectStorage implements AutoCloseable {

    private static final String ACCESS_KEY = "benchmark-access-key";
    private static final String SECRET_KEY = "benchmark-secret-key";

    private final S3Proxy proxy;

    ObjectStorage() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("transient", new Properties()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // s3proxy reads a signed body whole before it checks the signature, and refuses one
                // over 128 MiB (S3ProxyHandler, v4MaxNonChunkedRequestSize): the log throughput
                // benchmark's raw PUT is one body of the whole log.
                .v4MaxNonChunkedRequestSize(1024L * 1024 * 1024)
                .build();
        proxy.start();
        Awaitility.await().until(() -> "STARTED".equals(proxy.getState()));
    }

    String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** Access key and secret key. */
    List<String> keys() {
        return List.of(ACCESS_KEY, SECRET_KEY);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
