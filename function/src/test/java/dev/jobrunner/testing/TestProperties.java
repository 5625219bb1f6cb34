package dev.jobrunner.testing;

import java.util.Map;

import dev.jobrunner.event.EventProperties;
import dev.jobrunner.job.JobProperties;
import dev.jobrunner.job.KubernetesProperties;
import dev.jobrunner.logs.StorageProperties;
import dev.jobrunner.request.RequestProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Every {@code jobrunner.*} configuration record, bound the way the application binds them, without
 * starting Spring.
 */
public record TestProperties(
        KubernetesProperties kubernetes,
        RequestProperties request,
        JobProperties job,
        StorageProperties storage,
        EventProperties events) {

    public static TestProperties bind(Map<String, String> properties) {
        return bind(new MapConfigurationPropertySource(properties));
    }

    public static TestProperties bind(ConfigurationPropertySource source) {
        var binder = new Binder(source);
        return new TestProperties(
                binder.bindOrCreate("jobrunner", KubernetesProperties.class),
                binder.bindOrCreate("jobrunner.job", RequestProperties.class),
                binder.bindOrCreate("jobrunner.job", JobProperties.class),
                binder.bindOrCreate("jobrunner.storage", StorageProperties.class),
                binder.bindOrCreate("jobrunner.events", EventProperties.class));
    }

    public static TestProperties defaults() {
        return bind(Map.of());
    }
}
