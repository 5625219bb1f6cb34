package dev.jobrunner.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.jobrunner.deploy.Manifests.Manifest;
import dev.jobrunner.testing.TestProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The environment the Knative Service gives the function's container, and the configuration the
 * function binds from it, the way Spring Boot binds {@code JOBRUNNER_*} variables in the cluster.
 *
 * @param environment every variable, from {@code envFrom} ConfigMaps and {@code env}; a variable
 *     taken from a Secret holds the Secret's value when the manifests include that Secret, or
 *     {@code <secret/key>} otherwise
 * @param secretReferences for each variable taken from a Secret, {@code secret/key}
 * @param properties what the function binds from that environment
 */
record DeployedConfiguration(
        Map<String, String> environment, Map<String, String> secretReferences, TestProperties properties) {

    static DeployedConfiguration of(Manifests manifests, Manifest service) {
        var container = service.at("/spec/template/spec/containers/0");
        var environment = new LinkedHashMap<String, String>();
        var secretReferences = new LinkedHashMap<String, String>();
        for (var source : container.path("envFrom")) {
            var configMap = manifests.get(
                    "ConfigMap", source.path("configMapRef").path("name").stringValue());
            configMap
                    .at("/data")
                    .properties()
                    .forEach(entry ->
                            environment.put(entry.getKey(), entry.getValue().stringValue()));
        }
        for (var variable : container.path("env")) {
            var name = variable.path("name").stringValue();
            var secretKey = variable.at("/valueFrom/secretKeyRef");
            var configMapKey = variable.at("/valueFrom/configMapKeyRef");
            if (!secretKey.isMissingNode()) {
                var reference = secretKey.path("name").stringValue() + "/"
                        + secretKey.path("key").stringValue();
                secretReferences.put(name, reference);
                environment.put(name, secretValue(manifests, secretKey).orElse("<" + reference + ">"));
            } else if (!configMapKey.isMissingNode()) {
                var configMap =
                        manifests.get("ConfigMap", configMapKey.path("name").stringValue());
                environment.put(
                        name,
                        configMap
                                .at("/data/" + configMapKey.path("key").stringValue())
                                .stringValue());
            } else {
                environment.put(name, variable.path("value").stringValue());
            }
        }
        return new DeployedConfiguration(environment, secretReferences, bind(environment));
    }

    private static Optional<String> secretValue(Manifests manifests, JsonNode secretKeyRef) {
        var name = secretKeyRef.path("name").stringValue();
        var key = secretKeyRef.path("key").stringValue();
        return manifests.ofKind("Secret").stream()
                .filter(secret -> secret.name().equals(name))
                .map(secret -> secret.at("/stringData/" + key))
                .filter(value -> value.isString())
                .map(JsonNode::stringValue)
                .findFirst();
    }

    /** Binds as the running function does: environment variables through Spring's relaxed binding. */
    static TestProperties bind(Map<String, String> environment) {
        // Spring maps JOBRUNNER_JOB_MAXTIMEOUT to jobrunner.job.max-timeout only for a source of this name.
        var source = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new LinkedHashMap<String, Object>(environment));
        return TestProperties.bind(
                ConfigurationPropertySources.from(source).iterator().next());
    }
}
