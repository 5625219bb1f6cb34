package dev.jobrunner.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The manifests are laid out as the project's kustomize bases promise: complete, labelled, portable, hardened. */
class ManifestLayoutTests {

    private static final List<String> ENTRY_POINTS = List.of("knative", "eventing", "eventing/chain");
    /** Knative's own objects, changed in place by a cluster admin with {@code kubectl patch}. */
    private static final String CLUSTER_PATCHES = "knative/cluster";

    private static final List<String> LABELS =
            List.of("app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/part-of");

    private static Manifests ours;

    @BeforeAll
    static void load() {
        // knative/cluster holds patches of Knative's own objects: labels and namespace are theirs.
        ours = Manifests.of("knative", "eventing", "eventing/chain");
    }

    @Test
    @DisplayName("Every manifest file is applied by a kustomization, and holds one resource")
    void everyFileIsAppliedAndHoldsOneResource() throws IOException {
        var listed = new HashSet<Path>();
        for (var entryPoint : ENTRY_POINTS) {
            listed.addAll(referencedFiles(Manifests.repository().resolve(entryPoint)));
        }

        for (var folder : List.of("knative", "eventing")) {
            try (Stream<Path> files = Files.walk(Manifests.repository().resolve(folder))) {
                var manifests = files.filter(Manifests::isYaml)
                        .filter(file -> !file.getFileName().toString().equals("kustomization.yaml"))
                        .filter(file -> !file.getParent().endsWith(CLUSTER_PATCHES))
                        .toList();
                assertThat(manifests).isNotEmpty().allSatisfy(file -> {
                    assertThat(listed).as("kustomizations listing %s", file).contains(file);
                    assertThat(Manifests.load(file)).as("resources in %s", file).hasSize(1);
                });
            }
        }
    }

    @Test
    @DisplayName("Knative's own ConfigMaps are merge-patched as the README says, never applied: apply would drop their"
            + " other keys and the labels Knative's webhooks select on")
    void clusterSettingsArePatchedNotApplied() throws IOException {
        var folder = Manifests.repository().resolve(CLUSTER_PATCHES);
        var readme = Files.readString(Manifests.repository().resolve("README.md"));
        var patches = Manifests.inFolder(CLUSTER_PATCHES).all();

        assertThat(folder.resolve("kustomization.yaml"))
                .as("a kustomization invites kubectl apply -k")
                .doesNotExist();
        assertThat(patches).isNotEmpty().allSatisfy(patch -> {
            var command = "kubectl -n " + patch.at("/metadata/namespace").stringValue() + " patch "
                    + patch.kind().toLowerCase(Locale.ROOT) + " " + patch.name() + " --type merge --patch-file "
                    + Manifests.repository().relativize(patch.file());
            assertThat(readme).as("README command for %s", patch).contains(command);
            assertThat(patch.at("/metadata").size())
                    .as("a merge patch of %s that touches no label or annotation", patch)
                    .isEqualTo(2);
        });
    }

    @Test
    @DisplayName("Every resource and pod template carries the app.kubernetes.io name, component and part-of labels")
    void everyResourceIsLabelled() {
        assertThat(ours.all()).hasSizeGreaterThan(20).allSatisfy(resource -> {
            assertThat(labels(resource.at("/metadata/labels")))
                    .as("labels of %s", resource)
                    .containsAll(LABELS);
            var template = resource.at("/spec/template/metadata/labels");
            if (resource.kind().equals("Deployment") || resource.apiVersion().startsWith("serving.knative.dev/")) {
                assertThat(labels(template)).as("pod labels of %s", resource).containsAll(LABELS);
            }
        });
    }

    @Test
    @DisplayName("No resource names a namespace: the namespace is chosen once, when applying")
    void noHardCodedNamespace() {
        assertThat(ours.all()).allSatisfy(resource -> {
            assertThat(resource.at("/metadata/namespace").isMissingNode())
                    .as("namespace of %s", resource)
                    .isTrue();
            assertThat(resource.body().findValues("namespace"))
                    .as("references in %s", resource)
                    .isEmpty();
        });
    }

    @Test
    @DisplayName("The dev kustomization pins the image the Service names, with a tag that is not latest")
    void imageIsSetThroughKustomize() {
        var service = ours.get("Service", "job-runner");
        var images = Manifests.kustomization(Manifests.repository().resolve("knative"))
                .path("images");

        var image = service.at("/spec/template/spec/containers/0/image").stringValue();

        assertThat(images.size()).isEqualTo(1);
        assertThat(images.get(0).path("name").stringValue()).isEqualTo(image);
        assertThat(images.get(0).path("newTag").stringValue()).isNotBlank().isNotEqualTo("latest");
    }

    @Test
    @DisplayName("Every container runs hardened: non-root, no privilege escalation, no capabilities, a memory limit")
    void containersAreHardened() {
        var workloads = ours.all().stream()
                .filter(resource -> resource.kind().equals("Deployment")
                        || resource.apiVersion().startsWith("serving.knative.dev/"))
                .toList();

        assertThat(workloads).hasSize(4).allSatisfy(workload -> {
            var pod = workload.at("/spec/template/spec");
            for (var container : pod.path("containers")) {
                var security = container.path("securityContext");
                assertThat(security.path("runAsNonRoot").asBoolean()
                                || pod.at("/securityContext/runAsNonRoot").asBoolean())
                        .as("runAsNonRoot in %s", workload)
                        .isTrue();
                assertThat(security.path("allowPrivilegeEscalation").isBoolean()
                                && !security.path("allowPrivilegeEscalation").asBoolean())
                        .as("allowPrivilegeEscalation in %s", workload)
                        .isTrue();
                assertThat(security.at("/capabilities/drop").toString())
                        .as("capabilities in %s", workload)
                        .isEqualTo("[\"ALL\"]");
                assertThat(container.at("/resources/limits/memory").stringValue(""))
                        .as("memory limit in %s", workload)
                        .isNotEmpty();
            }
        });
    }

    /** Files a kustomization and the kustomizations it includes read: resources, generator inputs, configurations. */
    private static Set<Path> referencedFiles(Path dir) {
        var files = new HashSet<Path>();
        var kustomization = Manifests.kustomization(dir);
        for (var entry : kustomization.path("resources")) {
            var path = dir.resolve(entry.stringValue()).normalize();
            if (Files.isDirectory(path)) {
                files.addAll(referencedFiles(path));
            } else {
                files.add(path);
            }
        }
        for (var generator : kustomization.path("configMapGenerator")) {
            generator
                    .path("envs")
                    .forEach(envs -> files.add(dir.resolve(envs.stringValue()).normalize()));
        }
        kustomization
                .path("configurations")
                .forEach(file -> files.add(dir.resolve(file.stringValue()).normalize()));
        return files;
    }

    private static Set<String> labels(JsonNode labels) {
        return labels.isObject() ? Set.copyOf(labels.propertyNames()) : Set.of();
    }
}
