package dev.jobrunner.request;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ImageReferenceTests {

    @ParameterizedTest(name = "{0} is {1}")
    @DisplayName("A reference is read as the runtime pulls it, Docker Hub short names included")
    @CsvSource({
        "busybox,                                   docker.io/library/busybox",
        "library/busybox:1.36,                      docker.io/library/busybox",
        "index.docker.io/acme/app,                  docker.io/acme/app",
        "ghcr.io/acme/app:1.0,                      ghcr.io/acme/app",
        "localhost:5000/app,                        localhost:5000/app",
        "registry.example.com:443/team/a/b@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, registry.example.com:443/team/a/b",
    })
    void parseWhenValidGivesTheNameThatIsPulled(String reference, String name) {
        assertThat(ImageReference.parse(reference).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @DisplayName("Anything the grammar does not allow is refused, whatever its size")
    @ValueSource(
            strings = {
                "Ghcr.io/acme/App",
                "ghcr.io/acme/app:",
                "ghcr.io/acme/app:-tag",
                "ghcr.io/acme/app@sha256:short",
                "ghcr.io//app",
                "ghcr.io/acme/app/",
                "-registry.example/app",
                "registry.example/a..b",
                "app name",
            })
    void parseWhenNotAReferenceRefusesIt(String reference) {
        assertThatIllegalArgumentException().isThrownBy(() -> ImageReference.parse(reference));
    }

    @Test
    void parseWhenNameLongerThanTheRegistryLimitRefusesIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ImageReference.parse("ghcr.io/" + "x".repeat(300)))
                .withMessageContaining("longer than 255");
    }

    @ParameterizedTest(name = "{1} admits {0}: {2}")
    @DisplayName("An allow-list entry admits whole names at a host or path boundary only")
    @CsvSource({
        "ghcr.io/acme/app:1,                      ghcr.io/acme/,             true",
        "ghcr.io/acme/app:1,                      ghcr.io/acme,              true",
        "ghcr.io/acme/team/app,                   ghcr.io/acme,              true",
        "ghcr.io/acme,                            ghcr.io/acme,              true",
        "ghcr.io/acme-evil/app,                   ghcr.io/acme,              false",
        "ghcr.io/acme-evil/app,                   ghcr.io/acme/,             false",
        "registry.example.com/team/app,           registry.example.com,      true",
        "registry.example.com.evil.net/team/app,  registry.example.com,      false",
        "registry.example.com:5000/team/app,      registry.example.com,      false",
        "busybox,                                 docker.io/library,         true",
        "library/busybox,                         docker.io/library/busybox, true",
        "evil/busybox,                            docker.io/library,         false",
        "busybox,                                 library/busybox,           true",
        "ghcr.io/acme/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, ghcr.io/acme, true",
    })
    void isAllowedByWhenEntryMatchesOnlyAtABoundary(String image, String entry, boolean allowed) {
        assertThat(ImageReference.parse(image).isAllowedBy(entry)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @DisplayName("A malformed allow-list entry stops the function with a message naming it")
    @ValueSource(strings = {"ghcr.io/acme:latest", "ghcr.io/acme@sha256:abc", "ghcr.io/Acme", " ", "ghcr.io//acme"})
    void requireValidAllowListEntryWhenMalformedNamesIt(String entry) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ImageReference.requireValidAllowListEntry(entry))
                .withMessageContaining("'" + entry + "'");
    }
}
