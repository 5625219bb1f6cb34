package dev.jobrunner.job;

import java.util.Locale;

/** How a Job ended, as the {@code jobstatus} extension of the completion event names it. */
public enum JobStatus {
    SUCCEEDED,
    FAILED,
    TIMEDOUT;

    /** The lower-case name that Triggers filter on. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
