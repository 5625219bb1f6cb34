package dev.jobrunner.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The project's manifests as {@code kubectl apply -k} collects them: every resource a kustomization
 * lists, through the kustomizations it includes, and the ConfigMaps its generators make (named
 * without kustomize's hash suffix). Patches and transformers other than these are not applied: the
 * manifests use none that the tests depend on.
 */
final class Manifests {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final List<Manifest> resources;

    private Manifests(List<Manifest> resources) {
        this.resources = List.copyOf(resources);
    }

    /** The repository's root: the folder holding {@code knative/} and {@code eventing/}. */
    static Path repository() {
        var dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("knative/kustomization.yaml"))) {
            dir = dir.getParent();
        }
        return Objects.requireNonNull(
                dir, "no knative/kustomization.yaml above " + Path.of("").toAbsolutePath());
    }

    /** What {@code kubectl apply -k} applies for each of these folders, relative to the repository. */
    static Manifests of(String... kustomizations) {
        var resources = new ArrayList<Manifest>();
        for (var kustomization : kustomizations) {
            collect(repository().resolve(kustomization), resources);
        }
        return new Manifests(resources);
    }

    /**
     * Every YAML document in the files of one folder, relative to the repository, as they are: for
     * folders that no kustomization applies, such as the patches in {@code knative/cluster}.
     */
    static Manifests inFolder(String folder) {
        var resources = new ArrayList<Manifest>();
        try (var files = Files.list(repository().resolve(folder))) {
            for (var file : files.filter(Manifests::isYaml).sorted().toList()) {
                load(file).forEach(body -> resources.add(new Manifest(file, body)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return new Manifests(resources);
    }

    static boolean isYaml(Path file) {
        return file.getFileName().toString().endsWith(".yaml");
    }

    List<Manifest> all() {
        return resources;
    }

    List<Manifest> ofKind(String kind) {
        return resources.stream()
                .filter(resource -> resource.kind().equals(kind))
                .toList();
    }

    /** The one resource of this kind and name. */
    Manifest get(String kind, String name) {
        var found = resources.stream()
                .filter(resource ->
                        resource.kind().equals(kind) && resource.name().equals(name))
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + kind + " " + name + ", found " + found.size());
        }
        return found.getFirst();
    }

    /** Whether a resource of this API version, kind and name is among them, as a reference names it. */
    boolean contains(String apiVersion, String kind, String name) {
        return resources.stream()
                .anyMatch(resource -> resource.apiVersion().equals(apiVersion)
                        && resource.kind().equals(kind)
                        && resource.name().equals(name));
    }

    /** The kustomization in {@code dir} as a tree. */
    static JsonNode kustomization(Path dir) {
        var documents = load(dir.resolve("kustomization.yaml"));
        if (documents.size() != 1) {
            throw new IllegalStateException(dir + "/kustomization.yaml must hold one document");
        }
        return documents.getFirst();
    }

    private static void collect(Path dir, List<Manifest> into) {
        var kustomization = kustomization(dir);
        for (var entry : kustomization.path("resources")) {
            var path = dir.resolve(entry.stringValue()).normalize();
            if (Files.isDirectory(path)) {
                collect(path, into);
            } else {
                load(path).forEach(body -> into.add(new Manifest(path, body)));
            }
        }
        for (var generator : kustomization.path("configMapGenerator")) {
            var data = new LinkedHashMap<String, String>();
            for (var envs : generator.path("envs")) {
                data.putAll(envFile(dir.resolve(envs.stringValue())));
            }
            for (var literal : generator.path("literals")) {
                var text = literal.stringValue();
                data.put(text.substring(0, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
            }
            ObjectNode configMap = json.createObjectNode();
            configMap.put("apiVersion", "v1").put("kind", "ConfigMap");
            var metadata = configMap
                    .putObject("metadata")
                    .put("name", generator.path("name").stringValue());
            if (generator.at("/options/labels").isObject()) {
                metadata.set("labels", generator.at("/options/labels"));
            }
            configMap.set("data", json.valueToTree(data));
            into.add(new Manifest(dir.resolve("kustomization.yaml"), configMap));
        }
    }

    /** Every YAML document in a file, {@code null} documents left out. */
    static List<JsonNode> load(Path file) {
        try (var reader = Files.newBufferedReader(file)) {
            var documents = new ArrayList<JsonNode>();
            for (Object document : new Yaml().loadAll(reader)) {
                if (document != null) {
                    documents.add(json.valueToTree(document));
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A kustomize env file: {@code KEY=VALUE} lines, {@code #} comments. */
    static Map<String, String> envFile(Path file) {
        try {
            var values = new LinkedHashMap<String, String>();
            for (var line : Files.readAllLines(file)) {
                var text = line.strip();
                if (!text.isEmpty() && !text.startsWith("#")) {
                    values.put(text.substring(0, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * One resource.
     *
     * @param file the file it comes from
     * @param body the resource itself
     */
    record Manifest(Path file, JsonNode body) {

        String apiVersion() {
            return body.path("apiVersion").stringValue("");
        }

        String kind() {
            return body.path("kind").stringValue("");
        }

        String name() {
            return body.path("metadata").path("name").stringValue("");
        }

        /** The node at a JSON pointer such as {@code /spec/template/spec}; missing if absent. */
        JsonNode at(String pointer) {
            return body.at(pointer);
        }

        @Override
        public String toString() {
            return kind() + " " + name() + " (" + repository().relativize(file) + ")";
        }
    }
}
