/**
 * Metrics: what the function does, as Micrometer meters under {@code jobrunner.*}, exposed at
 * {@code /actuator/prometheus} next to Spring's HTTP, JVM and resilience4j meters.
 */
package dev.jobrunner.metrics;
