package dev.jobrunner.testing;

import java.util.ArrayList;
import java.util.List;

import dev.jobrunner.JobRunnerApplication;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Instances of the function as Knative runs them when it scales out or from zero: each its own
 * application, sharing one cluster and one object store, which live as long as the test class
 * that registers this ({@code @RegisterExtension static}).
 */
public final class FunctionInstances implements BeforeAllCallback, AfterAllCallback {

    private final ApiFaults faults = new ApiFaults();
    private final KubernetesMockServer apiServer = KubernetesTestCluster.mockServer(faults);
    private final S3Server s3 = new S3Server(S3TestStorage.ACCESS_KEY, S3TestStorage.SECRET_KEY);
    private final List<String> settings;
    private TestJobController cluster;

    /** @param settings {@code name=value} for every instance, over application.yaml */
    public FunctionInstances(String... settings) {
        this.settings = List.of(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        apiServer.init();
        cluster = new TestJobController(apiServer, faults);
        s3.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        cluster.close();
        s3.stop();
        apiServer.destroy();
    }

    public TestJobController cluster() {
        return cluster;
    }

    public ApiFaults faults() {
        return faults;
    }

    /** The object store's contents, read as a test reads them. */
    public StorageContents storage() {
        return new StorageContents(s3.endpoint(), S3TestStorage.ACCESS_KEY, S3TestStorage.SECRET_KEY);
    }

    public ConfigurableApplicationContext start() {
        var arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.lifecycle.timeout-per-shutdown-phase=1s",
                "--jobrunner.storage.endpoint=" + s3.endpoint(),
                "--jobrunner.storage.access-key=" + S3TestStorage.ACCESS_KEY,
                "--jobrunner.storage.secret-key=" + S3TestStorage.SECRET_KEY));
        // As command-line arguments, which outrank application.yaml (defaults would not).
        settings.forEach(setting -> arguments.add("--" + setting));
        return new SpringApplicationBuilder(JobRunnerApplication.class)
                .initializers(context -> ((GenericApplicationContext) context)
                        .registerBean(
                                "kubernetesClient",
                                KubernetesClient.class,
                                () -> KubernetesTestCluster.applicationClient(apiServer),
                                definition -> definition.setDestroyMethodName("close")))
                .run(arguments.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext instance) {
        return ((WebServerApplicationContext) instance).getWebServer().getPort();
    }
}
