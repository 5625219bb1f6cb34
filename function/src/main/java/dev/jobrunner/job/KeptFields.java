package dev.jobrunner.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * What the function keeps of the Jobs and pods it awaits, in its caches and in each delivery: all
 * of their metadata and status, and of a pod's spec (or a Job's pod template) only the container
 * names, the node and the deadline, which are all it reads there. The rest is what the kubelet
 * runs: image, command, env, resources, security contexts, volumes, and on a cluster what
 * admission adds (tolerations, projected volumes, sidecars' specs). Dropped too:
 * {@code metadata.managedFields}, which kube-apiserver writes on every object, a tree of every
 * field for each of up to ten writers
 * (staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/fieldmanager.go:
 * {@code DefaultTrackOnCreateProbability}, {@code DefaultMaxUpdateManagers}).
 *
 * <p>The function writes Jobs and pods only with merge patches of the fields it sets, never by
 * sending back an object it keeps, so nothing dropped here is ever written back as missing. Code
 * that comes to read another field of the spec adds it here.
 */
final class KeptFields {

    private KeptFields() {}

    /** @return the same Job, trimmed */
    static Job job(Job job) {
        withoutManagedFields(job.getMetadata());
        var spec = job.getSpec();
        if (spec != null && spec.getTemplate() != null) {
            spec.getTemplate().setMetadata(null);
            spec.getTemplate().setSpec(podSpec(spec.getTemplate().getSpec()));
        }
        return job;
    }

    /** @return the same pod, trimmed */
    static Pod pod(Pod pod) {
        withoutManagedFields(pod.getMetadata());
        pod.setSpec(podSpec(pod.getSpec()));
        return pod;
    }

    private static void withoutManagedFields(ObjectMeta metadata) {
        if (metadata != null) {
            metadata.setManagedFields(null);
        }
    }

    private static PodSpec podSpec(PodSpec spec) {
        if (spec == null) {
            return null;
        }
        var kept = new PodSpec();
        kept.setNodeName(spec.getNodeName());
        kept.setActiveDeadlineSeconds(spec.getActiveDeadlineSeconds());
        kept.setContainers(spec.getContainers().stream()
                .map(container -> {
                    var named = new Container();
                    named.setName(container.getName());
                    return named;
                })
                .toList());
        return kept;
    }
}
