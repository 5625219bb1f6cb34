package dev.jobrunner.wordsearch;

import java.time.Duration;
import java.util.Map;

/**
 * What to search.
 *
 * @param inputBucket {@code INPUT_BUCKET}: every object in it is searched
 * @param word {@code SEARCH_WORD}, without leading and trailing white space
 * @param workPerFile {@code WORK_SECONDS_PER_FILE}: a pause after each object that stands for real
 *     work, as the original worker's sleep did; default one second
 */
record SearchSettings(String inputBucket, String word, Duration workPerFile) {

    static final Duration DEFAULT_WORK_PER_FILE = Duration.ofSeconds(1);

    static SearchSettings read(Map<String, String> variables) {
        var environment = new Environment(variables);
        var inputBucket = environment.required("INPUT_BUCKET").strip();
        var word = environment.required("SEARCH_WORD").strip();
        // Matching is line by line: a word spanning lines could never match.
        if (word.indexOf('\n') >= 0 || word.indexOf('\r') >= 0) {
            environment.problem("SEARCH_WORD must not contain a line break");
        }
        var workPerFile = environment.seconds("WORK_SECONDS_PER_FILE", DEFAULT_WORK_PER_FILE);
        environment.failOnProblems();
        return new SearchSettings(inputBucket, word, workPerFile);
    }
}
