package dev.jobrunner.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

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

    /** @param instanceSettings {@code name=value} for this instance, over those of every instance */
    public ConfigurableApplicationContext start(String... instanceSettings) {
        var properties = new LinkedHashMap<String, String>();
        properties.put("server.port", "0");
        properties.put("spring.lifecycle.timeout-per-shutdown-phase", "1s");
        properties.put("jobrunner.storage.endpoint", s3.endpoint());
        properties.put("jobrunner.storage.access-key", S3TestStorage.ACCESS_KEY);
        properties.put("jobrunner.storage.secret-key", S3TestStorage.SECRET_KEY);
        Stream.concat(settings.stream(), Stream.of(instanceSettings)).forEach(setting -> {
            var nameAndValue = setting.split("=", 2);
            properties.put(nameAndValue[0], nameAndValue[1]);
        });
        // As command-line arguments, which outrank application.yaml (defaults would not); each once,
        // as a repeated one would be read as a list.
        var arguments = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(JobRunnerApplication.class)
                .initializers(context -> ((GenericApplicationContext) context)
                        .registerBean(
                                "kubernetesClient",
                                KubernetesClient.class,
                                () -> KubernetesTestCluster.applicationClient(apiServer),
                                definition -> definition.setDestroyMethodName("close")))
                .run(arguments);
    }

    public static int port(ConfigurableApplicationContext instance) {
        return ((WebServerApplicationContext) instance).getWebServer().getPort();
    }
}
