package dev.jobrunner.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.jobrunner.testing.S3Server;
import dev.jobrunner.testing.S3TestStorage;

/**
 * One run of the CLI in the test's JVM, as a terminal would run it, its output captured.
 *
 * @param exitCode what it exits with
 * @param out its standard output
 * @param err its standard error: progress and errors
 */
record CliRun(int exitCode, String out, String err) {

    /** The environment that gives the CLI the test store and its keys. */
    static Map<String, String> storageEnvironment(S3Server s3) {
        return Map.of(
                "JOBRUNNER_STORAGE_ENDPOINT", s3.endpoint(),
                "JOBRUNNER_STORAGE_ACCESSKEY", S3TestStorage.ACCESS_KEY,
                "JOBRUNNER_STORAGE_SECRETKEY", S3TestStorage.SECRET_KEY);
    }

    static CliRun of(Map<String, String> env, String... args) {
        return withInput("", env, args);
    }

    static CliRun withInput(String stdin, Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var code = SubmitAndWait.run(
                args,
                env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
