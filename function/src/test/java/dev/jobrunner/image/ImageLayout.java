package dev.jobrunner.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the function's image keeps what, relative to its working directory {@code /app}: Jib's
 * layout for {@code containerizingMode=packaged}, and the two files the AOT cache adds. The names
 * must be those Jib 3.5 writes, or the trained class path names jars the image does not have
 * ({@code ImageAotCacheIT} would fail).
 */
final class ImageLayout {

    /** The JVM options, class path and main class, read by the image's entrypoint and by the training run. */
    static final String JVM_ARGS = "jvm.args";

    static final String AOT_CACHE = "app.aot";

    /** Jib's directory for the packaged project jar. */
    static final String CLASSPATH = "classpath";

    /** Jib's directory for dependency jars. */
    static final String LIBS = "libs";

    private ImageLayout() {}

    /**
     * The name Jib gives the project jar: with Spring Boot's repackage goal in the build Jib takes
     * the jar repackage set aside, {@code NAME.jar.original}, and calls it {@code NAME.original.jar}
     * (as seen in the image tarballs of Jib 3.5.2).
     */
    static String applicationJarName(Path jar) {
        var name = jar.getFileName().toString();
        return name.endsWith(".jar.original")
                ? name.substring(0, name.length() - ".jar.original".length()) + ".original.jar"
                : name;
    }

    /**
     * The name of each dependency jar in {@code libs/}: its file name, or, for file names that occur
     * more than once, the name with the file's size before {@code .jar} (Jib's JavaContainerBuilder:
     * "Duplicate JAR filenames across all dependencies are renamed with the filesize").
     */
    static Map<Path, String> dependencyJarNames(List<Path> jars) {
        var counts = jars.stream()
                .collect(Collectors.groupingBy(jar -> jar.getFileName().toString(), Collectors.counting()));
        var names = new HashMap<Path, String>();
        for (var jar : jars) {
            var name = jar.getFileName().toString();
            names.put(jar, counts.get(name) > 1 ? name.replaceFirst("\\.jar$", "-" + size(jar)) + ".jar" : name);
        }
        return names;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
