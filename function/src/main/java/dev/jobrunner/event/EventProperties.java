package dev.jobrunner.event;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The events the function sends, bound from {@code jobrunner.events.*}.
 *
 * @param source {@code source} attribute of every event the function sends
 * @param sink where events go that are not a reply: the {@code started} events and the completion
 *     events of Jobs nobody awaited. A SinkBinding gives it as {@code K_SINK}; unset, none are sent
 * @param ceOverrides a SinkBinding's {@code ceOverrides}, as {@code K_CE_OVERRIDES} gives them:
 *     {@code {"extensions":{"name":"value"}}}, added to every event sent to the sink
 */
@ConfigurationProperties("jobrunner.events")
public record EventProperties(@DefaultValue("/job-runner") URI source, URI sink, String ceOverrides) {

    public EventProperties {
        if (source.toString().isBlank()) {
            throw new IllegalArgumentException("jobrunner.events.source must not be empty");
        }
        if (sink != null && !sink.toString().isEmpty() && !sink.isAbsolute()) {
            throw new IllegalArgumentException(
                    "jobrunner.events.sink (K_SINK) must be an absolute http(s) URL, was " + sink);
        }
    }
}
