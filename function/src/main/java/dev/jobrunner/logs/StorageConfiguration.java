package dev.jobrunner.logs;

import java.time.Duration;

import dev.jobrunner.guard.Guard;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.minio.MinioClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(StorageConfiguration.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(60);

    /** Object storage when an endpoint is configured, a local directory otherwise. */
    @Bean
    LogStore logStore(StorageProperties storage, @Qualifier("storageGuard") Guard guard, BulkheadRegistry bulkheads) {
        if (storage.endpoint() == null) {
            var store = new DirectoryLogStore(storage.localDirectory());
            logger.info("No jobrunner.storage.endpoint set: keeping Job logs in {}", store.location());
            return store;
        }
        var client = MinioClient.builder().endpoint(storage.endpoint().toString());
        if (storage.accessKey() != null) {
            client.credentials(storage.accessKey(), storage.secretKey());
        }
        if (storage.region() != null) {
            client.region(storage.region());
        }
        var minio = client.build();
        // Per network operation, not per upload: a slow store fails over to a retry, a long log does not.
        minio.setTimeout(CONNECT_TIMEOUT.toMillis(), IO_TIMEOUT.toMillis(), IO_TIMEOUT.toMillis());
        var store = new S3LogStore(minio, storage.endpoint().toString(), guard, bulkheads.bulkhead("uploads"));
        logger.info("Keeping Job logs in {}", store.location());
        return store;
    }
}
