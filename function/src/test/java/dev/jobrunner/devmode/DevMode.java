package dev.jobrunner.devmode;

import java.security.SecureRandom;
import java.util.Base64;

import dev.jobrunner.testing.ClusterSettings;
import dev.jobrunner.testing.KubernetesTestCluster;
import dev.jobrunner.testing.S3Server;
import dev.jobrunner.testing.TestJobController;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.context.support.DynamicPropertyRegistrarBeanInitializer;

/**
 * Everything the function talks to, in its own process: the tests' Kubernetes API and Job
 * controller ({@link KubernetesTestCluster}), run in real time and playing {@link SimulatedImages},
 * and an S3 server on {@link DevModeProperties#storagePort()} with the dev MinIO's credentials, so
 * that commands written for a port-forwarded MinIO work unchanged.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(KubernetesTestCluster.class)
public class DevMode {

    /** The profile whose configuration (application-devmode.yaml) undoes the tests' shortened waits. */
    public static final String PROFILE = "devmode";

    static final String ACCESS_KEY = "job-runner-dev";
    static final String SECRET_KEY = "job-runner-dev-secret";

    private static final Logger logger = LoggerFactory.getLogger(DevMode.class);

    /**
     * Applies the {@link DynamicPropertyRegistrar} below outside a test, as spring-boot-testcontainers
     * does for its services at development time (TestcontainersPropertySourceAutoConfiguration).
     */
    @Bean
    static DynamicPropertyRegistrarBeanInitializer dynamicPropertyRegistrarBeanInitializer() {
        return new DynamicPropertyRegistrarBeanInitializer();
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    S3Server devModeStorage(Environment environment) {
        return new S3Server(
                ACCESS_KEY, SECRET_KEY, DevModeProperties.bind(environment).storagePort());
    }

    /** The store, and a signing key of this run's own: records are signed as in production. */
    @Bean
    DynamicPropertyRegistrar devModeStorageProperties(S3Server storage) {
        var key = new byte[32];
        new SecureRandom().nextBytes(key);
        var signingKey = "devmode:" + Base64.getEncoder().encodeToString(key);
        return registry -> {
            storage.configureApplication(registry);
            registry.add("jobrunner.storage.signing-keys", () -> signingKey);
        };
    }

    /** Set on the cluster before the web server takes its first request. */
    @Bean
    SimulatedImages simulatedImages(TestJobController cluster) {
        var images = new SimulatedImages();
        cluster.settings(ClusterSettings.defaults().inRealTime());
        cluster.unscripted(images::script);
        return images;
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> simulatedBanner(S3Server storage, KubernetesClient kubernetes) {
        return event -> logger.warn(
                """

                ======================================================================
                  SIMULATED: no container runs.
                  job-runner dev mode: an in-process Kubernetes API server with a
                  simulated Job controller, and an in-process S3 server.
                  Function:   http://localhost:{}/
                  S3 server:  {} (access key {}, in memory)
                  Namespace:  {}
                  Images:     {} fails, sim/sleep:<ms> runs that long, others succeed
                ======================================================================""",
                event.getApplicationContext().getEnvironment().getProperty("local.server.port"),
                storage.endpoint(),
                ACCESS_KEY,
                kubernetes.getNamespace(),
                SimulatedImages.FAIL);
    }
}
