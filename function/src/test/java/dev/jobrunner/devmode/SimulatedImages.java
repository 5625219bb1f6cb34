package dev.jobrunner.devmode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

import dev.jobrunner.testing.JobScript;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * What a simulated Job does, chosen by its image, since no container runs: {@code sim/fail} exits
 * 1 in every pod its {@code retries} allow, {@code sim/sleep:<milliseconds>} runs that long and
 * succeeds (past the request's {@code timeOut} it is stopped at its deadline, as on a cluster), and
 * any other image succeeds at once. Each pod's log says that it was simulated.
 */
final class SimulatedImages {

    static final String FAIL = "sim/fail";
    private static final Pattern SLEEP = Pattern.compile("sim/sleep:(\\d{1,9})");

    JobScript script(Job job) {
        var container = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        var image = container.getImage();
        var log = "SIMULATED: no container ran. Job %s, image %s, command %s, args %s\n"
                .formatted(job.getMetadata().getName(), image, container.getCommand(), container.getArgs());
        if (FAIL.equals(image)) {
            var backoffLimit = job.getSpec().getBackoffLimit();
            var pods = new String[backoffLimit == null ? 1 : backoffLimit + 1];
            Arrays.fill(pods, log + "exit code 1, as " + FAIL + " does\n");
            return JobScript.fails(pods);
        }
        var sleep = SLEEP.matcher(image);
        if (sleep.matches()) {
            var seconds = Long.parseLong(sleep.group(1)) / 1000.0;
            return JobScript.writes(
                    (log + "slept " + sleep.group(1) + " ms\n").getBytes(StandardCharsets.UTF_8), seconds);
        }
        return JobScript.succeeds(log);
    }
}
