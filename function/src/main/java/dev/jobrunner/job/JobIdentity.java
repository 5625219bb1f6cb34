package dev.jobrunner.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * Which Kubernetes Job an event maps to. The name carries a hash of the event's {@code source} and
 * {@code id}, so every redelivery of an event finds the Job of its first delivery.
 *
 * @param name the Kubernetes Job name, {@code <jobName>-<12 hex digits>}
 * @param eventSource the {@code source} of the event that asked for the Job
 * @param eventId the {@code id} of the event that asked for the Job
 */
public record JobIdentity(String name, String eventSource, String eventId) {

    private static final int HASH_BYTES = 6;

    public static JobIdentity of(String jobName, String eventSource, String eventId) {
        return new JobIdentity(jobName + "-" + hash(eventSource, eventId), eventSource, eventId);
    }

    /** Whether an existing Job was created for this event, not for another one whose hash collides. */
    boolean createdFor(Job job) {
        var annotations = job.getMetadata().getAnnotations();
        return annotations != null
                && eventId.equals(annotations.get(JobConventions.EVENT_ID_ANNOTATION))
                && eventSource.equals(annotations.get(JobConventions.EVENT_SOURCE_ANNOTATION));
    }

    private static String hash(String source, String id) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            // Length-prefixed, so that ("a:b", "c") and ("a", "b:c") cannot meet.
            digest.update((source.length() + ":" + source + id).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, HASH_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
