package dev.jobrunner.testing;

import java.net.URI;
import java.util.Properties;

import org.awaitility.Awaitility;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * An S3-compatible server in the test's own process (s3proxy, in memory) on a random loopback
 * port, with real signature checks, and the application pointed at it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class S3TestStorage {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-never-logged";

    @Bean(destroyMethod = "stop")
    S3Proxy s3Proxy() throws Exception {
        var proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("transient", new Properties()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        Awaitility.await().until(() -> "STARTED".equals(proxy.getState()));
        return proxy;
    }

    @Bean
    DynamicPropertyRegistrar storageProperties(S3Proxy proxy) {
        return registry -> {
            registry.add("jobrunner.storage.endpoint", () -> "http://127.0.0.1:" + proxy.getPort());
            registry.add("jobrunner.storage.access-key", () -> ACCESS_KEY);
            registry.add("jobrunner.storage.secret-key", () -> SECRET_KEY);
        };
    }

    @Bean
    StorageContents storageContents(S3Proxy proxy) {
        return new StorageContents("http://127.0.0.1:" + proxy.getPort(), ACCESS_KEY, SECRET_KEY);
    }
}
