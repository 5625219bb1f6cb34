package dev.jobrunner.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import dev.jobrunner.testing.FunctionProcess;
import dev.jobrunner.testing.ProcessTestCluster;

/**
 * Builds, in the {@code package} phase, the part of the function's image that Jib does not make
 * itself: a runtime {@code jlink}ed from the build's JDK, and a JDK AOT cache (JEP 483/514/515)
 * trained by that runtime on the image's own layout.
 *
 * <p>A cache is used only by a JVM whose runtime, class path and jars are exactly those of the
 * training run, and otherwise ignored with no more than a warning. So the training runs on a copy
 * of what the image holds, laid out as Jib lays it out ({@code /app/libs/<jar>},
 * {@code /app/classpath/<jar>}), with the modification time Jib gives every file
 * ({@code filesModificationTime}, one second after the epoch; the JVM compares the jars' sizes and
 * times with the training run's), from {@code /app} as working directory, with the class path
 * relative to it in {@code jvm.args}: the image's entrypoint reads that same file, so the class
 * path is the same string in both. {@code ImageAotCacheIT} proves that the JVM in the built image
 * maps the cache.
 *
 * <p>The training run starts the function as the image does, against a mock API server and an S3
 * server, waits until it is ready, answers an invalid delivery (400) and runs one Job to its
 * completion event and its redelivery (200), so the classes and method profiles of the web server,
 * CloudEvents, the fabric8 client and its informer and minio-java are in the cache (the API server
 * is reached over plain HTTP here: TLS classes come from the runtime's modules at run time); then
 * it stops the JVM with SIGTERM as Kubernetes does, and the JVM writes the cache as it exits.
 *
 * <p>Arguments, each {@code --name=value}: {@code image-dir} (its {@code app/} written afresh, its
 * runtime kept while JDK and modules stay the same), {@code dependencies} (a file with the runtime
 * class path, as maven-dependency-plugin's build-classpath writes it), {@code application-jar}
 * (the jar Jib puts in {@code /app/classpath}), {@code modules} (for jlink, comma-separated),
 * {@code main-class}, {@code container-memory} (the image's memory limit, as {@code -XX:MaxRAM}
 * takes it), {@code jvm-flag} (repeatable; in the image's order) and {@code app-file}
 * (repeatable: a file copied into {@code app/}, for a JVM option that names it).
 */
public final class AotCacheTraining {

    /** Jib's modification time for every file of the image (its default, EPOCH_PLUS_SECOND). */
    static final FileTime IMAGE_FILE_TIME = FileTime.fromMillis(1000);

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(5);

    // An instance main (JEP 512), which JDK 25's launcher starts as it would a static one: the
    // spring-boot:test-run goal looks for the one static main of the test classes, and finds the
    // dev mode's (dev.jobrunner.TestJobRunnerApplication) only.
    AotCacheTraining() {}

    void main(String[] args) throws Exception {
        var options = Options.parse(args);
        var imageDir = Path.of(options.one("image-dir"));
        var runtime = imageDir.resolve("opt/java");
        var app = imageDir.resolve("app");
        deleteRecursively(app);
        Files.createDirectories(app);

        // The same JDK and modules make the same runtime, byte for byte: keep the one from the last
        // build, with its file times, so that Jib reuses its cached layer instead of packing 100 MB.
        var runtimeKey = imageDir.resolve("runtime.key");
        var key = System.getProperty("java.home") + "\n" + Runtime.version() + "\n" + options.one("modules") + "\n";
        if (!Files.isDirectory(runtime)
                || !Files.exists(runtimeKey)
                || !Files.readString(runtimeKey).equals(key)) {
            deleteRecursively(runtime);
            Files.deleteIfExists(runtimeKey);
            jlink(options.one("modules"), runtime);
            Files.writeString(runtimeKey, key);
        }
        var classPath = stageApplication(
                Path.of(options.one("application-jar")), readClassPath(Path.of(options.one("dependencies"))), app);
        writeJvmArgs(app.resolve(ImageLayout.JVM_ARGS), options.all("jvm-flag"), classPath, options.one("main-class"));
        // Files the JVM options name by a path relative to /app (the JIT's directives): the training
        // run starts from them as the image does.
        for (var file : options.all("app-file")) {
            var source = Path.of(file);
            Files.copy(source, app.resolve(source.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        // Only the jar copies get the image's time. The files Jib reads from here (runtime, cache,
        // jvm.args) keep their real times: Jib's layer cache takes a file with an unchanged path and
        // time for unchanged (seen here: a new cache with the old time gave a stale layer). The JVM
        // checks size and time of every class path jar, but only the size of the runtime's
        // lib/modules (JDK src/hotspot/share/cds/aotClassLocation.cpp, AOTClassLocation::check).
        setImageTimes(app.resolve(ImageLayout.CLASSPATH));
        setImageTimes(app.resolve(ImageLayout.LIBS));

        var cache = app.resolve(ImageLayout.AOT_CACHE);
        train(runtime.resolve("bin/java"), options.one("container-memory"), app, imageDir.resolve("training.log"));
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            throw new IllegalStateException(
                    "the training run wrote no AOT cache at " + cache + "; see " + imageDir.resolve("training.log"));
        }
        System.out.printf(
                "AOT cache %s: %d MiB; runtime %s: %d MiB%n",
                cache, Files.size(cache) >> 20, runtime, sizeOf(runtime) >> 20);
    }

    /** A runtime of just the modules the function needs, from the JDK this build runs on. */
    private static void jlink(String modules, Path output) {
        var jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(
                        () -> new IllegalStateException("this JDK has no jlink: " + System.getProperty("java.home")));
        // No --compress: the classes the cache lacks would be inflated at every start, and the image
        // layer is compressed anyway. --strip-debug drops line numbers of JDK frames only.
        var status = jlink.run(
                System.out,
                System.err,
                "--add-modules",
                modules,
                "--strip-debug",
                "--no-header-files",
                "--no-man-pages",
                "--output",
                output.toString());
        if (status != 0) {
            throw new IllegalStateException("jlink failed with " + status);
        }
    }

    /**
     * Copies the jars to where Jib puts them and returns the class path, relative to the app
     * directory, in Jib's order: the application jar first, then the dependencies.
     */
    private static List<String> stageApplication(Path applicationJar, List<Path> dependencies, Path app)
            throws IOException {
        var classPath = new ArrayList<String>();
        var applicationEntry = ImageLayout.CLASSPATH + "/" + ImageLayout.applicationJarName(applicationJar);
        copy(applicationJar, app.resolve(applicationEntry));
        classPath.add(applicationEntry);
        var names = ImageLayout.dependencyJarNames(dependencies);
        for (var dependency : dependencies) {
            var entry = ImageLayout.LIBS + "/" + names.get(dependency);
            copy(dependency, app.resolve(entry));
            classPath.add(entry);
        }
        return classPath;
    }

    /** One option a line, as the JDK launcher reads an @-file; the class path joined with ':'. */
    private static void writeJvmArgs(Path file, List<String> flags, List<String> classPath, String mainClass)
            throws IOException {
        var lines = new ArrayList<>(flags);
        lines.add("-cp");
        lines.add(String.join(":", classPath));
        lines.add(mainClass);
        Files.write(file, lines);
    }

    private static void train(Path java, String containerMemory, Path app, Path log) throws Exception {
        try (var cluster = new ProcessTestCluster()) {
            // -XX:MaxRAM: the heap and compressed-oops mode of the container, not of this machine.
            var command = List.of(
                    java.toString(),
                    "-XX:MaxRAM=" + containerMemory,
                    "-XX:AOTCacheOutput=" + ImageLayout.AOT_CACHE,
                    "@" + ImageLayout.JVM_ARGS);
            System.out.println("Training the AOT cache: " + String.join(" ", command) + " (in " + app + ")");
            try (var function = FunctionProcess.start(command, app, cluster.environment(), log)) {
                var ready = function.awaitReady(READY_TIMEOUT, Duration.ofMillis(100));
                var invalid = function.deliver("aot-training-invalid", "{\"jobName\":\"Not_A_Label\"}");
                expect(function, invalid.statusCode(), 400, invalid.body());
                var request = """
                        {"image":"registry.example/acme/app:1.0","jobName":"aot-training","timeOut":1,\
                        "inputBucket":"training","outputBucket":"training"}""";
                var completed = function.deliver("aot-training-job", request);
                expect(function, completed.statusCode(), 200, completed.body());
                var redelivered = function.deliver("aot-training-job", request);
                expect(function, redelivered.statusCode(), 200, redelivered.body());
                System.out.printf(
                        "Training run ready after %d ms, a Job run and answered after %d ms; writing the cache%n",
                        ready.toMillis(), function.sinceLaunch().toMillis());
                function.stop(EXIT_TIMEOUT);
            }
        }
    }

    private static void expect(FunctionProcess function, int status, int expected, String body) {
        if (status != expected) {
            throw new IllegalStateException("training delivery answered " + status + " instead of " + expected + ": "
                    + body + "; " + function.tail());
        }
    }

    private static List<Path> readClassPath(Path file) throws IOException {
        var content = Files.readString(file).strip();
        return content.isEmpty()
                ? List.of()
                : Stream.of(content.split(":")).map(Path::of).toList();
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void setImageTimes(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            for (var file : (Iterable<Path>) files::iterator) {
                if (!Files.isSymbolicLink(file)) {
                    Files.setLastModifiedTime(file, IMAGE_FILE_TIME);
                }
            }
        }
    }

    private static long sizeOf(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (var file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private record Options(Map<String, List<String>> values) {

        static Options parse(String[] args) {
            var values = new HashMap<String, List<String>>();
            for (var arg : args) {
                if (!arg.startsWith("--") || !arg.contains("=")) {
                    throw new IllegalArgumentException("expected --name=value, got " + arg);
                }
                var name = arg.substring(2, arg.indexOf('='));
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(arg.substring(arg.indexOf('=') + 1));
            }
            return new Options(values);
        }

        String one(String name) {
            var value = values.getOrDefault(name, List.of());
            if (value.size() != 1) {
                throw new IllegalArgumentException("expected one --" + name + "=..., got " + value);
            }
            return value.getFirst();
        }

        List<String> all(String name) {
            return values.getOrDefault(name, List.of());
        }
    }
}
