package dev.jobrunner.devmode;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Dev mode's settings, bound from {@code jobrunner.devmode.*}. Bound by hand, not scanned: this
 * record lives in test sources, where every test context's properties scan would find it.
 *
 * @param storagePort loopback port of the in-process S3 server, 9000 as a port-forwarded MinIO;
 *     0 takes a free one
 */
record DevModeProperties(int storagePort) {

    static final String PREFIX = "jobrunner.devmode";
    private static final int DEFAULT_STORAGE_PORT = 9000;

    DevModeProperties {
        if (storagePort < 0 || storagePort > 65535) {
            throw new IllegalArgumentException(
                    PREFIX + ".storage-port must be a port from 0 (any free one) to 65535, was " + storagePort);
        }
    }

    static DevModeProperties bind(Environment environment) {
        return Binder.get(environment)
                .bind(PREFIX + ".storage-port", Integer.class)
                .map(DevModeProperties::new)
                .orElseGet(() -> new DevModeProperties(DEFAULT_STORAGE_PORT));
    }
}
