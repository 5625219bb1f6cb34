package dev.jobrunner.logs;

import dev.jobrunner.JobRunnerProperties;
import io.minio.MinioClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(StorageConfiguration.class);

    /** Object storage when an endpoint is configured, a local directory otherwise. */
    @Bean
    LogStore logStore(JobRunnerProperties properties) {
        var storage = properties.storage();
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
        var store = new S3LogStore(client.build(), storage.endpoint().toString());
        logger.info("Keeping Job logs in {}", store.location());
        return store;
    }
}
