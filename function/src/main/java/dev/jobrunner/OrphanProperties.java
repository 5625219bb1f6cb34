package dev.jobrunner;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The recovery of Jobs that finished with nobody awaiting them, bound from
 * {@code jobrunner.orphans.*}.
 *
 * @param grace how long after a Job's end its log may stay unstored before another instance
 *     records it: longer than a Trigger's retries (12, waiting 0 to 110 s, 11 minutes
 *     in all: {@code eventing/600-trigger-job-requests.yaml}), so a delivery that is being redelivered
 *     records its own Job, and only a Job whose every delivery is lost is an orphan
 */
@ConfigurationProperties("jobrunner.orphans")
record OrphanProperties(@DefaultValue("15m") Duration grace) {

    OrphanProperties {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("jobrunner.orphans.grace must not be negative, was " + grace);
        }
    }
}
