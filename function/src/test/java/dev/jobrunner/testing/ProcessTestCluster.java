package dev.jobrunner.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * A cluster and an object store for a function running in a process of its own (the image's JVM,
 * a plain {@code java -jar}): fabric8's mock API server in CRUD mode (plain HTTP, as in the other
 * tests: its TLS mode needs a newer Bouncy Castle than minio-java brings), with a {@link TestJobController} playing the Job controller and the kubelet, and an
 * {@link S3Server}. The function finds both through {@link #environment()}, the way a deployment
 * configures it: no kubeconfig, no system properties, so the JVM's command line stays the image's.
 */
public class ProcessTestCluster implements AutoCloseable {

    public static final String NAMESPACE = "test";

    private final KubernetesMockServer server;
    private final TestJobController controller;
    private final S3Server storage = new S3Server(S3TestStorage.ACCESS_KEY, S3TestStorage.SECRET_KEY);

    public ProcessTestCluster() throws Exception {
        var faults = new ApiFaults();
        server =
                new KubernetesMockServer(new Context(), new MockWebServer(), faults.recordedResponses(), faults, false);
        server.init();
        controller = new TestJobController(server, faults);
        storage.start();
    }

    public TestJobController controller() {
        return controller;
    }

    /** The environment that points a function process at this cluster and store. */
    public Map<String, String> environment() {
        var environment = new LinkedHashMap<String, String>();
        // fabric8's Config reads these (Config.autoConfigure): neither a kubeconfig nor a
        // service-account token of this machine is used.
        environment.put("KUBERNETES_MASTER", server.url("/"));
        environment.put("KUBERNETES_NAMESPACE", NAMESPACE);
        environment.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        environment.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        environment.put("JOBRUNNER_STORAGE_ENDPOINT", storage.endpoint());
        environment.put("JOBRUNNER_STORAGE_ACCESSKEY", S3TestStorage.ACCESS_KEY);
        environment.put("JOBRUNNER_STORAGE_SECRETKEY", S3TestStorage.SECRET_KEY);
        return environment;
    }

    @Override
    public void close() throws Exception {
        controller.close();
        server.destroy();
        storage.stop();
    }
}
