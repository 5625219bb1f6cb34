package dev.jobrunner.wordsearch;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TextSearchTests {

    private final TextSearch search = new TextSearch("kubernetes");

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
        var search = new TextSearch(word);

        // When
        var count = search.count(line);

        // Then
        assertThat(count).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @DisplayName("counts lines ended by \\n, \\r\\n or \\r, and a last line without an ending")
    @CsvSource(delimiter = '|', textBlock = """
            empty object                 | ''                         | 0
            one line without ending      | 'kubernetes'               | 1
            one line with ending         | 'kubernetes\\n'            | 1
            empty line                   | '\\n'                      | 1
            unix endings                 | 'a\\nb\\nc\\n'             | 3
            windows endings              | 'a\\r\\nb\\r\\n\\r\\nc'    | 4
            old mac endings              | 'a\\rb\\r'                 | 2
            mixed endings                | 'a\\n\\rb\\r\\n'           | 3
            """)
    void searchWhenTextHasLineEndingsCountsLines(String description, String text, long expectedLines) throws Exception {
        // When
        var result = scan(text.translateEscapes().getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(result.status()).isEqualTo("searched");
        assertThat(result.lines()).isEqualTo(expectedLines);
    }

    @Test
    @DisplayName("lists each matching line once, and only the first ten, but counts every match")
    void searchWhenManyLinesMatchKeepsFirstTenLineNumbers() throws Exception {
        // Given: lines 2, 4, ..., 40 each hold the word twice
        var text = IntStream.rangeClosed(1, 40)
                .mapToObj(line -> line % 2 == 0 ? "kubernetes and Kubernetes" : "nothing")
                .collect(Collectors.joining("\n"));

        // When
        var result = scan(text.getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(result.matches()).isEqualTo(40);
        assertThat(result.firstMatchingLines())
                .isEqualTo(LongStream.rangeClosed(1, 10).map(n -> n * 2).boxed().toList());
    }

    @Test
    @DisplayName("searches text that starts with a UTF-8 byte-order mark")
    void searchWhenTextStartsWithByteOrderMarkSearchesIt() throws Exception {
        // When
        var result = scan("\uFEFFkubernetes".getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(result.matches()).isEqualTo(1);
    }

    @Test
    @DisplayName("skips an object with a NUL byte, counting none of its matches")
    void searchWhenObjectHasNulByteSkipsIt() throws Exception {
        // When
        var result = scan("kubernetes\nkubernetes\0\n".getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(result.status()).isEqualTo("skipped");
        assertThat(result.skipReason()).isEqualTo("contains a NUL byte");
        assertThat(result.matches()).isNull();
    }

    @Test
    @DisplayName("skips an object that is not valid UTF-8, even when the bad byte comes after matches")
    void searchWhenObjectIsNotUtf8SkipsIt() throws Exception {
        // Given: Latin-1 "é" is a lone continuation byte in UTF-8
        var latin1 = "kubernetes\ncafé kubernetes\n".getBytes(StandardCharsets.ISO_8859_1);

        // When
        var result = scan(latin1);

        // Then
        assertThat(result.status()).isEqualTo("skipped");
        assertThat(result.skipReason()).isEqualTo("not valid UTF-8");
        assertThat(result.matches()).isNull();
    }

    @Test
    @DisplayName("skips an object whose last UTF-8 sequence is cut off")
    void searchWhenObjectEndsInsideUtf8SequenceSkipsIt() throws Exception {
        // Given: the first two of the three bytes of "€"
        var truncated = new byte[] {'k', (byte) 0xE2, (byte) 0x82};

        // When
        var result = scan(truncated);

        // Then
        assertThat(result.skipReason()).isEqualTo("not valid UTF-8");
    }

    @Test
    @DisplayName("skips an object with a line longer than the limit, without holding more than one line")
    void searchWhenLineTooLongSkipsIt() throws Exception {
        // Given
        var longLine = "x".repeat(TextSearch.MAX_LINE_LENGTH + 1);

        // When
        var result = scan(("kubernetes\n" + longLine).getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(result.skipReason()).isEqualTo("has a line longer than 1048576 characters");
    }

    @Test
    @DisplayName("stops reading a line that never ends once it passes the limit, instead of holding it")
    void searchWhenLineNeverEndsSkipsItAfterTheLimit() throws Exception {
        // Given: an object that is one endless line, so only a bounded reader can return at all
        var endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };

        // When
        var result = search.search("endless", Long.MAX_VALUE, endless);

        // Then
        assertThat(result.skipReason()).isEqualTo("has a line longer than 1048576 characters");
    }

    @Test
    @DisplayName("searches an object whose longest line is exactly at the limit")
    void searchWhenLineAtLimitSearchesIt() throws Exception {
        // Given
        var longLine = "kubernetes " + "x".repeat(TextSearch.MAX_LINE_LENGTH - "kubernetes ".length());

        // When
        var result = scan((longLine + "\r\n").getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(result.lines()).isEqualTo(1);
        assertThat(result.matches()).isEqualTo(1);
    }

    private Summary.FileResult scan(byte[] content) throws Exception {
        return search.search("object", content.length, new ByteArrayInputStream(content));
    }
}
