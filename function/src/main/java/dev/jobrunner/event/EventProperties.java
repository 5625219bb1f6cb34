package dev.jobrunner.event;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The completion events, bound from {@code jobrunner.events.*}.
 *
 * @param source {@code source} attribute of every completion event
 */
@ConfigurationProperties("jobrunner.events")
public record EventProperties(@DefaultValue("/job-runner") URI source) {

    public EventProperties {
        if (source.toString().isBlank()) {
            throw new IllegalArgumentException("jobrunner.events.source must not be empty");
        }
    }
}
