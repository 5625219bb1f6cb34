package dev.jobrunner.job;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

class JobLogContextTests {

    private static final JobIdentity JOB = JobIdentity.of("wordcount", "/my/producer", "order-4711");

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    @DisplayName("Closing the context puts back what the thread carried before, not an empty MDC")
    void closeRestoresThePreviousFields() {
        // Given
        MDC.put("request", "outer");

        // When
        try (var context = JobLogContext.of(JOB)) {
            assertThat(MDC.get(JobLogContext.JOB)).isEqualTo(JOB.name());
            assertThat(MDC.get(JobLogContext.EVENT_ID)).isEqualTo("order-4711");
            assertThat(MDC.get(JobLogContext.EVENT_SOURCE)).isEqualTo("/my/producer");
        }

        // Then
        assertThat(MDC.getCopyOfContextMap()).containsExactlyEntriesOf(Map.of("request", "outer"));
    }

    @Test
    @DisplayName("Work handed to another thread runs with the fields of the thread that handed it over")
    void carriedWorkSeesTheCallersFields() throws Exception {
        // Given
        var seen = new AtomicReference<String>();
        Runnable work;
        try (var context = JobLogContext.of(JOB)) {
            work = JobLogContext.carried(() -> seen.set(MDC.get(JobLogContext.JOB)));
        }

        // When
        try (var executor = Executors.newSingleThreadExecutor()) {
            executor.submit(work).get();
            // Then: the worker thread is left as it was
            assertThat(executor.submit(() -> MDC.get(JobLogContext.JOB)).get()).isNull();
        }
        assertThat(seen).hasValue(JOB.name());
    }
}
