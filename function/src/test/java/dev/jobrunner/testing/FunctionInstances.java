package dev.jobrunner.testing;

import java.util.ArrayList;
import java.util.List;

import dev.jobrunner.JobRunnerApplication;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Instances of the function as Knative runs them when it scales out or from zero: each its own
 * application, sharing one cluster and one object store.
 */
public final class FunctionInstances {

    private final KubernetesMockServer apiServer;
    private final S3Server s3;
    private final List<String> settings;

    /** @param settings {@code name=value} for every instance, over application.yaml */
    public FunctionInstances(KubernetesMockServer apiServer, S3Server s3, String... settings) {
        this.apiServer = apiServer;
        this.s3 = s3;
        this.settings = List.of(settings);
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
