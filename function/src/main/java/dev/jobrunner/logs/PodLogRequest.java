package dev.jobrunner.logs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * {@code GET pods/{name}/log} through the client's own HTTP client, answering an error status as
 * an exception. fabric8's {@code watchLog} writes whatever body comes back into the log, a 500's
 * {@code Status} included, and says nothing of the status (fabric8 7.8, {@code LogWatchCallback}).
 */
final class PodLogRequest {

    private PodLogRequest() {}

    /**
     * @param follow whether to stream on until the container stops, from the start of its current
     *     log file; otherwise just the current file
     * @throws KubernetesClientException with the API server's status when it refuses
     */
    static InputStream open(KubernetesClient client, String namespace, String pod, String container, boolean follow)
            throws IOException {
        var url = URI.create(client.getMasterUrl().toString())
                .resolve("api/v1/namespaces/%s/pods/%s/log?container=%s%s"
                        .formatted(encode(namespace), encode(pod), encode(container), follow ? "&follow=true" : ""));
        var http = client.getHttpClient();
        try {
            var response = http.sendAsync(
                            http.newHttpRequestBuilder().url(url.toURL()).build(), InputStream.class)
                    .get();
            if (response.isSuccessful()) {
                return response.body();
            }
            try (var body = response.body()) {
                var text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                var status = parse(client, text);
                status.setCode(response.code());
                throw new KubernetesClientException(status);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the log of pod " + pod, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static Status parse(KubernetesClient client, String body) {
        try {
            return client.getKubernetesSerialization().unmarshal(body, Status.class);
        } catch (RuntimeException e) {
            var status = new Status();
            status.setMessage(body.length() > 256 ? body.substring(0, 256) : body);
            return status;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
