package dev.jobrunner.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/** Object storage for the application under test: an {@link S3Server}, and the application pointed at it. */
@TestConfiguration(proxyBeanMethods = false)
public class S3TestStorage {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-never-logged";

    @Bean(initMethod = "start", destroyMethod = "stop")
    S3Server s3Server() {
        return new S3Server(ACCESS_KEY, SECRET_KEY);
    }

    @Bean
    DynamicPropertyRegistrar storageProperties(S3Server server) {
        return server::configureApplication;
    }

    @Bean
    StorageContents storageContents(S3Server server) {
        return new StorageContents(server.endpoint(), ACCESS_KEY, SECRET_KEY);
    }
}
