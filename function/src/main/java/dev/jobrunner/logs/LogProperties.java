package dev.jobrunner.logs;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How Job logs are read, bound from {@code jobrunner.logs.*}. A pod's log is followed while its
 * container runs and spooled to a file, so it is kept whole although the kubelet rotates it, and
 * memory does not grow with its size.
 *
 * @param spoolDirectory where followed logs are kept until they are stored; in the Knative
 *     Service an {@code emptyDir} with a {@code sizeLimit}
 * @param kubeletRotationSize the kubelet's {@code containerLogMaxSize}: a log read only after its
 *     container ended, and this long or longer, may have lost its beginning to rotation
 * @param statusLag how long after a follow ends the pod's status may take to say that its
 *     container stopped; past it the follow is taken as broken and resumed
 * @param drainTimeout how long after the Job's end the function waits for the follows of its
 *     pods to reach the end of their logs
 * @param followWindow how soon after a container starts a follow normally begins (the kubelet
 *     reports a running container within seconds): a container that ended sooner was not missed,
 *     and its log, read afterwards, is taken as whole; a longer one's may have rotated away
 */
@ConfigurationProperties("jobrunner.logs")
public record LogProperties(
        Path spoolDirectory,
        @DefaultValue("10MB") DataSize kubeletRotationSize,
        @DefaultValue("500ms") Duration statusLag,
        @DefaultValue("2m") Duration drainTimeout,
        @DefaultValue("10s") Duration followWindow) {

    public LogProperties {
        spoolDirectory = spoolDirectory != null
                ? spoolDirectory
                : Path.of(System.getProperty("java.io.tmpdir"), "job-runner-logs");
        if (kubeletRotationSize.toBytes() < 1) {
            throw new IllegalArgumentException(
                    "jobrunner.logs.kubelet-rotation-size must be positive, was " + kubeletRotationSize);
        }
        if (statusLag.isNegative() || drainTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "jobrunner.logs.status-lag and jobrunner.logs.drain-timeout must not be negative");
        }
    }
}
