package dev.jobrunner.cli;

import java.util.Random;

import dev.jobrunner.job.JobIdentity;
import dev.jobrunner.logs.StorageProperties;
import dev.jobrunner.testing.TestProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI finds the record where the function stores it: both name it by the same rule. */
class JobNamesTests {

    @Test
    @DisplayName("Job names equal the function's for any event source and id, colons and non-ASCII included")
    void jobNamesAreTheFunctions() {
        // Given
        var random = new Random(14);
        for (int i = 0; i < 2_000; i++) {
            var source = text(random);
            var id = text(random);

            // When
            var name = JobNames.kubernetesJobName("wordcount", source, id);

            // Then
            assertThat(name)
                    .as("source %s, id %s", source, id)
                    .isEqualTo(JobIdentity.of("wordcount", source, id).name());
        }
    }

    @Test
    @DisplayName("The record's key is the function's: the log prefix, the Job name, .log")
    void recordObjectIsTheFunctions() {
        StorageProperties storage = TestProperties.defaults().storage();

        assertThat(JobNames.recordObject("logs/", "wordcount-18f835b0147a"))
                .isEqualTo(storage.logObject("wordcount-18f835b0147a"));
    }

    /** Up to 12 characters from ASCII, ':' and '/' included, and beyond, to supplementary planes. */
    private static String text(Random random) {
        var text = new StringBuilder();
        var length = random.nextInt(13);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(
                    switch (random.nextInt(4)) {
                        case 0 -> ':';
                        case 1 -> 0x20 + random.nextInt(0x5f);
                        case 2 -> 0xa0 + random.nextInt(0x700);
                        default -> 0x1f300 + random.nextInt(0x100);
                    });
        }
        return text.toString();
    }
}
