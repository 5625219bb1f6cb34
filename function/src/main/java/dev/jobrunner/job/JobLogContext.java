package dev.jobrunner.job;

import java.util.Map;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.slf4j.MDC;

/**
 * The fields every log line about a Job carries, in the logging MDC: the Job's name and the event
 * that asked for it. Structured logging writes them as fields, so a log pipeline finds all of one
 * Job's lines, whichever thread wrote them.
 */
public final class JobLogContext implements AutoCloseable {

    public static final String JOB = "jobrunner.job";
    public static final String EVENT_ID = "event.id";
    public static final String EVENT_SOURCE = "event.source";

    private final Map<String, String> previous;

    private JobLogContext(String job, String eventId, String eventSource) {
        this.previous = MDC.getCopyOfContextMap();
        put(JOB, job);
        put(EVENT_ID, eventId);
        put(EVENT_SOURCE, eventSource);
    }

    /** Sets the fields for this Job on the current thread until closed. */
    public static JobLogContext of(JobIdentity job) {
        return new JobLogContext(job.name(), job.eventId(), job.eventSource());
    }

    /** As {@link #of(JobIdentity)}, from what the Job itself records: its name and event annotations. */
    public static JobLogContext of(Job job) {
        var annotations = job.getMetadata().getAnnotations();
        return new JobLogContext(
                job.getMetadata().getName(),
                annotations == null ? null : annotations.get(JobConventions.EVENT_ID_ANNOTATION),
                annotations == null ? null : annotations.get(JobConventions.EVENT_SOURCE_ANNOTATION));
    }

    /** {@code work} to run on another thread with the fields of the current one. */
    public static Runnable carried(Runnable work) {
        var fields = MDC.getCopyOfContextMap();
        return () -> {
            var theirs = MDC.getCopyOfContextMap();
            setAll(fields);
            try {
                work.run();
            } finally {
                setAll(theirs);
            }
        };
    }

    /** Puts back what the thread carried before. */
    @Override
    public void close() {
        setAll(previous);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static void setAll(Map<String, String> fields) {
        if (fields == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(fields);
        }
    }
}
