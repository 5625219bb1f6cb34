package dev.jobrunner.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The Knative Service configures the function the way the function reads its configuration. */
class ServiceConfigurationTests {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private static Manifests dev;
    private static DeployedConfiguration configuration;
    private static Map<String, String> knownVariables;

    @BeforeAll
    static void load() throws IOException {
        dev = Manifests.of("knative");
        configuration = DeployedConfiguration.of(dev, dev.get("Service", "job-runner"));
        knownVariables = environmentFormsOfKnownProperties();
    }

    @Test
    @DisplayName(
            "Every variable the Service sets is the environment form of a property the function or Spring Boot reads")
    void everyVariableNamesAProperty() {
        // Given the Service's environment, ConfigMap and Secret references included
        var variables = configuration.environment().keySet();

        // Then
        assertThat(knownVariables)
                .as("properties from the function's own configuration metadata")
                .containsKey("JOBRUNNER_JOB_MAXTIMEOUT");
        assertThat(variables)
                .isNotEmpty()
                .allSatisfy(variable -> assertThat(knownVariables)
                        .as("%s must be a configuration property in environment form (a typo binds nothing)", variable)
                        .containsKey(variable));
    }

    @Test
    @DisplayName("Object storage is configured: endpoint and both keys, so no pod falls back to a local log directory")
    void storageIsConfigured() {
        var storage = configuration.properties().storage();

        assertThat(storage.endpoint()).as("jobrunner.storage.endpoint").isNotNull();
        assertThat(configuration.secretReferences())
                .containsEntry("JOBRUNNER_STORAGE_ACCESSKEY", "minio-credentials/MINIO_ACCESS_KEY")
                .containsEntry("JOBRUNNER_STORAGE_SECRETKEY", "minio-credentials/MINIO_SECRET_KEY");
        assertThat(storage.accessKey()).isNotBlank();
        assertThat(storage.secretKey()).isNotBlank();
    }

    @Test
    @DisplayName("Jobs get a Secret of their own, never the function's storage keys or its signing key")
    void jobsHaveTheirOwnCredentialsSecret() {
        var jobSecret = configuration.properties().job().credentialsSecret();

        assertThat(configuration.secretReferences().values())
                .as("the function's own Secrets")
                .noneSatisfy(reference -> assertThat(reference).startsWith(jobSecret + "/"));
        assertThat(configuration.secretReferences())
                .containsEntry("JOBRUNNER_STORAGE_SIGNINGKEYS", "job-runner-signing-keys/SIGNING_KEYS");
        var secret = dev.get("Secret", jobSecret);
        assertThat(secret.at("/stringData").propertyNames())
                .as("Jobs get MINIO_ACCESS_KEY and MINIO_SECRET_KEY by secretKeyRef to exactly these keys")
                .contains("MINIO_ACCESS_KEY", "MINIO_SECRET_KEY");
        assertThat(secret.at("/stringData/MINIO_SECRET_KEY").stringValue())
                .as("MinIO's minimum")
                .hasSizeGreaterThanOrEqualTo(8);
        assertThat(secret.at("/stringData/MINIO_ACCESS_KEY").stringValue())
                .isNotEqualTo(configuration.properties().storage().accessKey());
    }

    @Test
    @DisplayName("The dev MinIO user for Jobs may use the buckets but not write or delete under the log prefix")
    void jobUserIsDeniedTheLogPrefix() {
        var logPrefix = configuration.properties().storage().logPrefix();
        var policy = JsonMapper.builder()
                .build()
                .readTree(dev.get("ConfigMap", "job-storage-policy")
                        .at("/data/policy.json")
                        .stringValue());

        var deny = policy.path("Statement")
                .valueStream()
                .filter(statement -> "Deny".equals(statement.path("Effect").stringValue()))
                .toList();
        assertThat(deny).hasSize(1);
        assertThat(deny.getFirst().path("Resource").valueStream().map(JsonNode::stringValue))
                .containsExactly("arn:aws:s3:::*/" + logPrefix + "*");
        assertThat(deny.getFirst().path("Action").valueStream().map(JsonNode::stringValue))
                .contains("s3:PutObject", "s3:DeleteObject");
        var setUp = dev.get("Job", "minio-job-user").at("/spec/template/spec/containers/0");
        assertThat(setUp.at("/args/0").stringValue())
                .contains("mc admin user add", "mc admin policy create", "mc admin policy attach");
        assertThat(setUp.at("/env").findValues("name").stream().map(JsonNode::stringValue))
                .contains("JOB_USER", "JOB_PASSWORD");
        assertThat(setUp.at("/env").findValues("secretKeyRef").stream()
                        .map(reference -> reference.path("name").stringValue()))
                .contains("minio-credentials", configuration.properties().job().credentialsSecret());
    }

    @Test
    @DisplayName("In the dev setup the storage endpoint is the MinIO Service, whose root user is the same Secret")
    void devEndpointIsTheMinioService() {
        URI endpoint = configuration.properties().storage().endpoint();

        var service = dev.get("Service", endpoint.getHost());
        assertThat(service.apiVersion()).isEqualTo("v1");
        assertThat(service.at("/spec/ports").findValues("port").stream().map(port -> port.intValue()))
                .contains(endpoint.getPort());
        var minio = dev.get("Deployment", "minio").at("/spec/template/spec/containers/0/env");
        var rootUser = new HashMap<String, String>();
        minio.forEach(variable -> rootUser.put(
                variable.path("name").stringValue(),
                variable.at("/valueFrom/secretKeyRef/name").stringValue("") + "/"
                        + variable.at("/valueFrom/secretKeyRef/key").stringValue("")));
        assertThat(rootUser)
                .containsEntry(
                        "MINIO_ROOT_USER", configuration.secretReferences().get("JOBRUNNER_STORAGE_ACCESSKEY"))
                .containsEntry(
                        "MINIO_ROOT_PASSWORD", configuration.secretReferences().get("JOBRUNNER_STORAGE_SECRETKEY"));
    }

    @Test
    @DisplayName(
            "The production base sets the same variables without MinIO, so an overlay only swaps endpoint and Secret")
    void baseConfiguresStorageWithoutMinio() {
        var base = Manifests.of("knative/base");
        var baseConfiguration = DeployedConfiguration.of(base, base.get("Service", "job-runner"));

        assertThat(base.ofKind("Deployment")).isEmpty();
        assertThat(baseConfiguration.environment().keySet())
                .isEqualTo(configuration.environment().keySet());
        assertThat(baseConfiguration.secretReferences()).isEqualTo(configuration.secretReferences());
    }

    @Test
    @DisplayName("Each revision's pods invite Prometheus to scrape the function's port at /actuator/prometheus")
    void revisionsAreAnnotatedForScraping() {
        // Given
        var template = dev.get("Service", "job-runner").at("/spec/template");

        // When
        var annotations = template.at("/metadata/annotations");

        // Then
        assertThat(annotations.path("prometheus.io/scrape").stringValue()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/path").stringValue()).isEqualTo("/actuator/prometheus");
        assertThat(annotations.path("prometheus.io/port").stringValue())
                .isEqualTo(
                        template.at("/spec/containers/0/ports/0/containerPort").asString());
    }

    @Test
    @DisplayName("On the cluster the function logs JSON lines (ECS), with no plain-text banner before them")
    void logsAreStructured() {
        assertThat(configuration.environment())
                .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
                .containsEntry("SPRING_MAIN_BANNERMODE", "off");
    }

    /** {@code jobrunner.job.max-timeout} is read from {@code JOBRUNNER_JOB_MAXTIMEOUT}, and so on. */
    private static Map<String, String> environmentFormsOfKnownProperties() throws IOException {
        var mapper = JsonMapper.builder().build();
        var forms = new HashMap<String, String>();
        var resources = ServiceConfigurationTests.class.getClassLoader().getResources(METADATA);
        while (resources.hasMoreElements()) {
            try (InputStream in = resources.nextElement().openStream()) {
                for (var property : mapper.readTree(in).path("properties")) {
                    var name = property.path("name").stringValue();
                    forms.put(name.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT), name);
                }
            }
        }
        return forms;
    }
}
