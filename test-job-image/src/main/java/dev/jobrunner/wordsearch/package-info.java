/**
 * The sample Job of job-runner: searches the objects of {@code INPUT_BUCKET} (those under
 * {@code FILE_PREFIX}, when set) for {@code SEARCH_WORD} and writes a JSON summary to
 * {@code OUTPUT_BUCKET}.
 *
 * <p>It shows the contract from the Job's side: configuration comes from the environment the
 * function sets, progress goes to stdout (the function stores it as the Job's log), and the exit
 * code tells the function whether the Job succeeded. See the module's README for the exact rules.
 */
package dev.jobrunner.wordsearch;
