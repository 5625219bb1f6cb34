package dev.jobrunner.request;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What a request may ask for. Bound from {@code jobrunner.job.*}, beside the Job's own settings
 * ({@code dev.jobrunner.job.JobProperties}), because these limit the Job a request becomes; they
 * live here because the request's rules enforce them. The size limit of a delivery is one of them,
 * under the same prefix, so that every limit on a request is configured in one place.
 *
 * @param defaultTimeout run-time limit of a Job whose request names no {@code timeOut}
 * @param maxTimeout longest {@code timeOut} a request may ask for; the Knative Service's
 *     {@code timeoutSeconds} must cover it plus {@code jobrunner.job.wait-grace} and the log upload
 * @param allowedImages images a request may use: a registry host ({@code registry.example.com}) or
 *     a repository path ({@code ghcr.io/acme}); each admits only whole names below it. Empty
 *     allows any image
 * @param maxRequestSize largest delivery body (the request in binary mode, the whole event in
 *     structured mode); larger ones are refused with 413 before they are read whole. A unit is
 *     needed ({@code 64KB}): a bare number is bytes
 */
@ConfigurationProperties("jobrunner.job")
public record RequestProperties(
        @DefaultValue("15m") Duration defaultTimeout,
        @DefaultValue("60m") Duration maxTimeout,
        @DefaultValue List<String> allowedImages,
        @DefaultValue("64KB") DataSize maxRequestSize) {

    // A smaller limit is a size given without its unit (a bare number is bytes), not one anyone means.
    private static final DataSize SMALLEST_REQUEST_SIZE = DataSize.ofKilobytes(1);
    // No larger request could become a Job: the API server reads no body over 3 MiB (MaxRequestBodyBytes,
    // staging/src/k8s.io/apiserver/pkg/server/config.go).
    private static final DataSize LARGEST_REQUEST_SIZE = DataSize.ofMegabytes(3);

    public RequestProperties {
        requireWholeMinutes("jobrunner.job.default-timeout", defaultTimeout);
        requireWholeMinutes("jobrunner.job.max-timeout", maxTimeout);
        if (maxTimeout.compareTo(defaultTimeout) < 0) {
            throw new IllegalArgumentException("jobrunner.job.max-timeout (" + maxTimeout
                    + ") must not be shorter than jobrunner.job.default-timeout (" + defaultTimeout + ")");
        }
        allowedImages = List.copyOf(allowedImages);
        allowedImages.forEach(ImageReference::requireValidAllowListEntry);
        if (maxRequestSize.compareTo(SMALLEST_REQUEST_SIZE) < 0 || maxRequestSize.compareTo(LARGEST_REQUEST_SIZE) > 0) {
            throw new IllegalArgumentException("jobrunner.job.max-request-size must be from 1KB to 3MB, was "
                    + maxRequestSize.toBytes() + " bytes");
        }
    }

    /** {@code timeOut} is a number of minutes, so the limits must be too. */
    private static void requireWholeMinutes(String property, Duration value) {
        if (value.compareTo(Duration.ofMinutes(1)) < 0 || value.toSecondsPart() != 0 || value.toNanosPart() != 0) {
            throw new IllegalArgumentException(
                    property + " must be a whole number of minutes, at least 1m, was " + value);
        }
    }
}
