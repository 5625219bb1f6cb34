package dev.jobrunner.logs;

import java.time.Duration;

import dev.jobrunner.guard.Guard;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.http.HttpUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(StorageConfiguration.class);
    // Per network operation, not per upload: a slow store fails over to a retry, a long log does not.
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(60);

    /** Object storage when an endpoint is configured, a local directory otherwise. */
    @Bean
    LogStore logStore(
            StorageProperties storage,
            UploadProperties upload,
            @Qualifier("storageGuard") Guard guard,
            BulkheadRegistry bulkheads) {
        if (storage.endpoint() == null) {
            var store = new DirectoryLogStore(storage.localDirectory());
            logger.info("No jobrunner.storage.endpoint set: keeping Job logs in {}", store.location());
            return store;
        }
        // OkHttp's dispatcher sends at most 5 requests to one host at once and queues the rest,
        // below the storage bulkhead; one upload's 4 parallel parts fit in it.
        var http = HttpUtils.newDefaultHttpClient(
                CONNECT_TIMEOUT.toMillis(), IO_TIMEOUT.toMillis(), IO_TIMEOUT.toMillis());
        var endpoint = storage.endpoint().toString();
        // One connection pool for both: the blocking client for look-ups, the asynchronous one for parts.
        var client = MinioClient.builder().endpoint(endpoint).httpClient(http);
        var uploadClient = MinioAsyncClient.builder().endpoint(endpoint).httpClient(http);
        if (storage.accessKey() != null) {
            client.credentials(storage.accessKey(), storage.secretKey());
            uploadClient.credentials(storage.accessKey(), storage.secretKey());
        }
        if (storage.region() != null) {
            client.region(storage.region());
            uploadClient.region(storage.region());
        }
        var store = new S3LogStore(
                client.build(), uploadClient.build(), endpoint, guard, bulkheads.bulkhead("uploads"), upload);
        logger.info("Keeping Job logs in {}", store.location());
        return store;
    }
}
