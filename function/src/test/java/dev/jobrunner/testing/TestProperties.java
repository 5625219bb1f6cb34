package dev.jobrunner.testing;

import java.util.Map;

import dev.jobrunner.JobRunnerProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds {@code jobrunner.*} properties the way the application does, without starting Spring. */
public final class TestProperties {

    private TestProperties() {}

    public static JobRunnerProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("jobrunner", JobRunnerProperties.class);
    }

    public static JobRunnerProperties defaults() {
        return bind(Map.of());
    }
}
