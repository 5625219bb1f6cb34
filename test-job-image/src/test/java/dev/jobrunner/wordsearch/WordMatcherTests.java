package dev.jobrunner.wordsearch;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class WordMatcherTests {

    @ParameterizedTest(name = "[{index}] \"{1}\" holds {2}")
    @DisplayName("counts case-insensitive, whole-word, non-overlapping occurrences")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            kubernetes | kubernetes                          | 1
            kubernetes | Kubernetes KUBERNETES kUbErNeTeS    | 3
            kubernetes | "(kubernetes), kubernetes."         | 2
            kubernetes | kubernetes-native                   | 1
            kubernetes | kubernetes's                        | 1
            kubernetes | kubernetesish                       | 0
            kubernetes | prekubernetes                       | 0
            kubernetes | kubernetes_operator _kubernetes     | 0
            kubernetes | kubernetes2 2kubernetes             | 0
            kubernetes | kubernetesé ékubernetes             | 0
            kubernetes | "kubernetes\u0301"                  | 0
            kubernetes | kubernetes·kubernetes               | 2
            kubernetes | ""                                  | 0
            straße     | STRASSE                             | 0
            straße     | STRAẞE Straße                       | 2
            c++        | c++ and C++, not c++x                | 2
            a.b        | axb a.b                             | 1
            job runner | the job runner and the Job  Runner  | 1
            aba        | ababa                               | 0
            a-a        | a-a-a                               | 1
            """)
    void countWhenLineHoldsCandidatesCountsOnlyWholeWords(String word, String line, int expected) {
        // Given
        var matcher = new WordMatcher(word);

        // When
        var count = matcher.count(line);

        // Then
        assertThat(count).isEqualTo(expected);
    }
}
