package dev.jobrunner.job;

import dev.jobrunner.logs.StorageProperties;

/**
 * Where Jobs reach object storage, as {@code MINIO_SERVICE_HOST} and {@code MINIO_SERVICE_PORT}.
 * Set on its own when Jobs see the store under another name than the function does.
 *
 * @param host the store's host, or {@code null} when none is configured
 * @param port the store's port
 */
record StorageAddress(String host, int port) {

    static StorageAddress of(JobProperties job, StorageProperties storage) {
        var endpoint = storage.endpoint();
        var host = job.storageHost() != null ? job.storageHost() : endpoint == null ? null : endpoint.getHost();
        int port;
        if (job.storagePort() != null) {
            port = job.storagePort();
        } else if (endpoint != null && endpoint.getPort() != -1) {
            port = endpoint.getPort();
        } else {
            port = endpoint != null && "https".equals(endpoint.getScheme()) ? 443 : 80;
        }
        return new StorageAddress(host, port);
    }
}
