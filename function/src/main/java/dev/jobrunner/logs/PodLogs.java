package dev.jobrunner.logs;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

import dev.jobrunner.guard.Guard;
import dev.jobrunner.job.JobPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The logs of all pods of a Job as one stream, oldest pod first. Each pod's log is opened only
 * when the reader reaches it, so nothing is held in memory. A Job with one pod yields exactly that
 * pod's log; with several (retries), a line naming each pod precedes its log.
 */
@Component
public class PodLogs {

    private final JobPods pods;
    private final KubernetesClient client;
    private final Guard guard;

    PodLogs(JobPods pods, KubernetesClient client, @Qualifier("kubernetesGuard") Guard guard) {
        this.pods = pods;
        this.client = client;
        this.guard = guard;
    }

    public InputStream of(String jobName) {
        var pods = this.pods.of(jobName);
        if (pods.isEmpty()) {
            return text("===== job-runner: Job " + jobName + " has no pods, so there is no log =====\n");
        }
        if (pods.size() == 1) {
            return log(pods.getFirst()).get();
        }
        var parts = new ArrayList<Supplier<InputStream>>();
        for (var pod : pods) {
            parts.add(() -> text("===== pod " + pod.getMetadata().getName() + " (" + phase(pod) + ") =====\n"));
            parts.add(log(pod));
        }
        return new SequenceInputStream(lazily(parts));
    }

    private Supplier<InputStream> log(Pod pod) {
        var name = pod.getMetadata().getName();
        var container = pod.getSpec().getContainers().getFirst().getName();
        return () -> {
            try {
                return guard.call(() ->
                        client.pods().withName(name).inContainer(container).getLogInputStream());
            } catch (KubernetesClientException e) {
                // 400: the container never started; 404: the pod is gone. Neither will ever have a log.
                if (e.getCode() == 400 || e.getCode() == 404) {
                    var reason = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
                    return text("===== job-runner: no log for pod " + name + ": " + reason + " =====\n");
                }
                throw e;
            }
        };
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null
                ? "Unknown"
                : pod.getStatus().getPhase();
    }

    private static InputStream text(String line) {
        return new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8));
    }

    private static Enumeration<InputStream> lazily(List<Supplier<InputStream>> parts) {
        Iterator<Supplier<InputStream>> next = parts.iterator();
        return new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return next.next().get();
            }
        };
    }
}
