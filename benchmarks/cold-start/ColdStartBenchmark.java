import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.jobrunner.testing.FunctionProcess;
import dev.jobrunner.testing.ProcessTestCluster;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cold start of the function, plain {@code java -jar} of the Boot jar against the image's JVM
 * and layout (unpacked from the image tarball), in alternating runs against one mock API server
 * and S3 server in this process. Each run measures from launch to readiness UP, to the first
 * CloudEvent answered (an invalid request: 400), and to a first Job answered (200), and reads the
 * JVM's resident memory after the first answer. Prints every run, then medians, min/max and ratios.
 * Run through run.sh, which builds the jar and the tarball and puts the function's test classes
 * on the class path. Not a test: numbers only.
 */
public class ColdStartBenchmark {

    private static final Duration POLL = Duration.ofMillis(10);
    private static final String INVALID = "{\"jobName\":\"Not_A_Label\"}";
    private static final String JOB = """
            {"image":"registry.example/acme/app:1.0","jobName":"cold-start","timeOut":1,\
            "inputBucket":"bench","outputBucket":"bench"}""";

    // The mock API server logs every request through java.util.logging; held so the level sticks.
    private static final Logger mockServerLog = Logger.getLogger("io.fabric8.mockwebserver");

    record Variant(String name, List<String> command, Path directory) {}

    record Run(String variant, int index, long readyMs, long answerMs, long jobMs, long rssKib, long cpuMs) {}

    public static void main(String[] args) throws Exception {
        var options = new HashMap<String, String>();
        for (var arg : args) {
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        mockServerLog.setLevel(Level.WARNING);
        if (options.containsKey("image-jvm-flag")) {
            System.setProperty("image.jvm.flag", options.get("image-jvm-flag"));
        }
        var runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        var work = Files.createTempDirectory("cold-start");
        // --compare=TARBALL: another image in place of plain java -jar, to measure a change to the image.
        var plain = options.containsKey("compare")
                ? imageVariant("before", Path.of(options.get("compare")), work, options.getOrDefault("container-memory", "768m"))
                : new Variant(
                        "java -jar",
                        List.of(options.get("java"), "-jar", Path.of(options.get("jar")).toAbsolutePath().toString()),
                        Files.createDirectories(work.resolve("plain")));
        // The image runs in a container with a memory limit (768Mi in knative/base), from which the
        // JVM sizes its heap: -XX:MaxRAM gives it the same figure here. --container-memory=none
        // runs the image's JVM with this machine's memory instead.
        var memory = options.getOrDefault("container-memory", "768m");
        var image = imageVariant("image", Path.of(options.get("tarball")), work, memory);
        System.out.println("plain: " + String.join(" ", plain.command()) + "  (in " + plain.directory() + ")");
        System.out.println("image: " + String.join(" ", image.command()) + "  (in " + image.directory() + ")");

        var results = new ArrayList<Run>();
        try (var cluster = new ProcessTestCluster()) {
            // One untimed run of each: the files are in the page cache for every timed run alike.
            measure(plain, 0, cluster, work);
            measure(image, 0, cluster, work);
            System.out.printf("%-10s %4s %10s %12s %10s %9s %8s%n", "variant", "run", "ready ms", "answered ms", "job ms", "RSS MiB", "CPU ms");
            for (int i = 1; i <= runs; i++) {
                // Alternate which goes first, so drift in the machine's load hits both alike.
                var pair = i % 2 == 1 ? List.of(plain, image) : List.of(image, plain);
                for (var variant : pair) {
                    var run = measure(variant, i, cluster, work);
                    results.add(run);
                    System.out.printf(
                            "%-10s %4d %10d %12d %10d %9d %8d%n",
                            run.variant(), run.index(), run.readyMs(), run.answerMs(), run.jobMs(), run.rssKib() >> 10, run.cpuMs());
                }
            }
        }
        summarize(results, plain.name(), image.name());
        // The unpacked images go; each run's log stays.
        for (var name : List.of("before", "image")) {
            deleteRecursively(work.resolve(name + "-tarball"));
            deleteRecursively(work.resolve(name + "-root"));
        }
        System.out.println("logs of every run: " + work);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (var file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static Run measure(Variant variant, int index, ProcessTestCluster cluster, Path work) throws Exception {
        var log = work.resolve(variant.name().replace(' ', '-') + "-" + index + ".log");
        try (var function = FunctionProcess.start(variant.command(), variant.directory(), cluster.environment(), log)) {
            var ready = function.awaitReady(Duration.ofMinutes(2), POLL);
            var answer = function.deliver("evt-cold-" + index, INVALID);
            var answered = function.sinceLaunch();
            if (answer.statusCode() != 400) {
                throw new IllegalStateException(variant.name() + " answered " + answer.statusCode() + ": " + answer.body());
            }
            var rss = function.residentKib()[0];
            var cpu = function.cpuMillis();
            var job = function.deliver("evt-cold-job-" + variant.name().replace(' ', '-') + "-" + index + "-" + System.nanoTime(), JOB);
            var jobAnswered = function.sinceLaunch();
            if (job.statusCode() != 200) {
                throw new IllegalStateException(variant.name() + " answered the Job " + job.statusCode() + ": " + job.body());
            }
            function.stop(Duration.ofMinutes(1));
            return new Run(variant.name(), index, ready.toMillis(), answered.toMillis(), jobAnswered.toMillis(), rss, cpu);
        }
    }

    private static void summarize(List<Run> results, String plain, String image) {
        System.out.println();
        System.out.printf("%-10s %22s %22s %22s %12s %20s%n", "variant", "ready ms med [min-max]", "answered ms med [min-max]", "job ms med [min-max]", "RSS MiB med", "CPU ms med [min-max]");
        for (var name : List.of(plain, image)) {
            var runs = results.stream().filter(r -> r.variant().equals(name)).toList();
            System.out.printf(
                    "%-10s %22s %22s %22s %12d %20s%n",
                    name,
                    stats(runs.stream().map(Run::readyMs).toList()),
                    stats(runs.stream().map(Run::answerMs).toList()),
                    stats(runs.stream().map(Run::jobMs).toList()),
                    median(runs.stream().map(Run::rssKib).toList()) >> 10,
                    stats(runs.stream().map(Run::cpuMs).toList()));
        }
        var plainAnswer = median(results.stream().filter(r -> r.variant().equals(plain)).map(Run::answerMs).toList());
        var imageAnswer = median(results.stream().filter(r -> r.variant().equals(image)).map(Run::answerMs).toList());
        var pairRatios = new ArrayList<Double>();
        for (var p : results.stream().filter(r -> r.variant().equals(plain)).toList()) {
            results.stream()
                    .filter(r -> r.variant().equals(image) && r.index() == p.index())
                    .findFirst()
                    .ifPresent(i -> pairRatios.add((double) i.answerMs() / p.answerMs()));
        }
        pairRatios.sort(Comparator.naturalOrder());
        System.out.printf(
                "%nratio image / plain, launch to first CloudEvent answered: %.2f (medians %d / %d ms); median of the %d paired ratios: %.2f%n",
                (double) imageAnswer / plainAnswer, imageAnswer, plainAnswer, pairRatios.size(), pairRatios.get(pairRatios.size() / 2));
    }

    private static String stats(List<Long> values) {
        return "%d [%d-%d]".formatted(median(values), values.stream().mapToLong(v -> v).min().orElse(0), values.stream().mapToLong(v -> v).max().orElse(0));
    }

    private static long median(List<Long> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.size() % 2 == 1
                ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }

    /** The image's entrypoint and working directory, from its layers unpacked under {@code work}. */
    private static Variant imageVariant(String name, Path tarball, Path work, String memory) throws Exception {
        var json = JsonMapper.builder().build();
        var image = Files.createDirectories(work.resolve(name + "-tarball"));
        var root = Files.createDirectories(work.resolve(name + "-root"));
        untar(tarball, image, false);
        var manifest = json.readTree(image.resolve("manifest.json").toFile()).get(0);
        for (var layer : manifest.get("Layers")) {
            untar(image.resolve(layer.stringValue()), root, true);
        }
        var config = json.readTree(image.resolve(manifest.get("Config").stringValue()).toFile()).get("config");
        var command = new ArrayList<String>();
        config.get("Entrypoint").forEach(arg -> command.add(arg.stringValue()));
        command.set(0, root.resolve(command.getFirst().substring(1)).toString());
        if (!memory.equals("none")) {
            command.add(1, "-XX:MaxRAM=" + memory);
        }
        // --image-jvm-flag=FLAG: one more JVM option for the image's runs (to profile them, say).
        var extra = System.getProperty("image.jvm.flag");
        if (extra != null) {
            command.add(1, extra);
        }
        return new Variant(name, command, root.resolve(config.get("WorkingDir").stringValue().substring(1)));
    }

    private static void untar(Path archive, Path into, boolean gzip) throws IOException, InterruptedException {
        var process = new ProcessBuilder("tar", gzip ? "-xzf" : "-xf", archive.toString(), "-C", into.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("could not unpack " + archive);
        }
    }
}
