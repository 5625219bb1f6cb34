package dev.jobrunner.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.jobrunner.testing.FunctionProcess;
import dev.jobrunner.testing.ProcessTestCluster;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image as built, run: its layers unpacked from the tarball Jib wrote (verify builds it on an
 * empty base), and its entrypoint started from there with {@code -XX:AOTMode=on}, which makes the
 * JVM refuse to start unless it maps the AOT cache (a mismatch is otherwise only a warning). Then
 * it must get ready and answer deliveries, with the application's own classes loaded from the
 * cache. Runs in verify, after package (maven-failsafe-plugin).
 */
class ImageAotCacheIT {

    private static final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path unpacked;

    @Test
    @DisplayName("The image's JVM maps its AOT cache, gets ready and answers deliveries")
    void imageJvmUsesItsAotCache() throws Exception {
        // Given: the image's file system and configuration
        var tarball = Path.of(System.getProperty("image.tarball", "target/jib-image.tar"));
        assertThat(tarball).as("image tarball from jib:buildTar").isRegularFile();
        var image = unpacked.resolve("image");
        var root = unpacked.resolve("root");
        Files.createDirectories(image);
        Files.createDirectories(root);
        untar(tarball, image, false);
        var manifest = json.readTree(image.resolve("manifest.json").toFile()).get(0);
        for (var layer : manifest.get("Layers")) {
            untar(image.resolve(layer.stringValue()), root, true);
        }
        var config = json.readTree(
                        image.resolve(manifest.get("Config").stringValue()).toFile())
                .get("config");
        var entrypoint = strings(config.get("Entrypoint"));
        assertThat(entrypoint).anyMatch(arg -> arg.startsWith("-XX:AOTCache="));
        assertThat(config.get("User").stringValue()).isEqualTo("65532");

        // When: the entrypoint runs from the unpacked image, where the cache must map or the JVM exits
        var classLog = unpacked.resolve("class-load.log");
        var command = new ArrayList<String>();
        command.add(root.resolve(entrypoint.getFirst().substring(1)).toString());
        command.add("-XX:AOTMode=on");
        // The container's memory limit, as in training: heap sizing and compressed-oops mode as there.
        command.add("-XX:MaxRAM=" + System.getProperty("image.container.memory", "768m"));
        command.add("-Xlog:class+load=info:file=" + classLog);
        command.addAll(entrypoint.subList(1, entrypoint.size()));
        var workingDirectory =
                root.resolve(config.get("WorkingDir").stringValue().substring(1));
        try (var cluster = new ProcessTestCluster();
                var function = FunctionProcess.start(
                        command, workingDirectory, cluster.environment(), unpacked.resolve("function.log"))) {
            function.awaitReady(Duration.ofMinutes(2), Duration.ofMillis(50));
            var invalid = function.deliver("evt-image-invalid", "{\"jobName\":\"Not_A_Label\"}");
            var job = function.deliver("evt-image-job", """
                    {"image":"registry.example/acme/app:1.0","jobName":"image-proof","timeOut":1,\
                    "inputBucket":"proof","outputBucket":"proof"}""");

            // Then
            assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
            assertThat(job.statusCode()).as(job.body() + "\n" + function.tail()).isEqualTo(200);
            assertThat(job.headers().firstValue("ce-jobstatus")).hasValue("succeeded");
            assertThat(function.stop(Duration.ofMinutes(1)))
                    .as("exit code after SIGTERM")
                    .isIn(0, 143);
        }
        assertThat(Files.readAllLines(classLog))
                .as("application classes mapped from the AOT cache, not loaded from the jars")
                .anyMatch(line -> line.contains(" dev.jobrunner.JobRunnerFunction source: shared objects file"))
                .anyMatch(
                        line -> line.contains(" io.fabric8.kubernetes.client.KubernetesClientBuilder source: shared"));
    }

    private static List<String> strings(JsonNode array) {
        var values = new ArrayList<String>();
        array.forEach(value -> values.add(value.stringValue()));
        return values;
    }

    /** GNU tar keeps each entry's modification time, which the AOT cache checks. */
    private static void untar(Path archive, Path into, boolean gzip) throws IOException, InterruptedException {
        var process = new ProcessBuilder("tar", gzip ? "-xzf" : "-xf", archive.toString(), "-C", into.toString())
                .redirectErrorStream(true)
                .start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("tar %s: %s", archive, output).isZero();
    }
}
