package dev.jobrunner.wordsearch;

import java.time.Instant;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultPrefixTests {

    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30.250Z");
    // nextInt() takes the high half of nextLong().
    private static final RandomGenerator FIXED = () -> 0x00c0ffeeL << 32;

    @Test
    @DisplayName("names the prefix after the UTC second, the pod and a random part")
    void resultPrefixWhenHostnameSetPutsItInPrefix() {
        // When
        var prefix = WordSearchJob.resultPrefix(NOW, "wordsearch-5f2c1-7x2kq", FIXED);

        // Then
        assertThat(prefix).isEqualTo("results/20261122T101530Z-wordsearch-5f2c1-7x2kq-00c0ffee/");
    }

    @Test
    @DisplayName("keeps only safe characters of the host name, and does without one")
    void resultPrefixWhenHostnameOddOrMissingKeepsPrefixSafe() {
        // When
        var odd = WordSearchJob.resultPrefix(NOW, "my host/with:odd_chars", FIXED);
        var none = WordSearchJob.resultPrefix(NOW, null, FIXED);

        // Then
        assertThat(odd).isEqualTo("results/20261122T101530Z-myhostwithoddchars-00c0ffee/");
        assertThat(none).isEqualTo("results/20261122T101530Z-00c0ffee/");
    }
}
