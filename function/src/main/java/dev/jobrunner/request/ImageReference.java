package dev.jobrunner.request;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference, read as the container runtime reads it: the grammar of
 * distribution's {@code reference/regexp.go} and the Docker Hub defaults of its
 * {@code reference/normalize.go} ({@code busybox} is {@code docker.io/library/busybox}).
 *
 * @param domain the registry host, with its port if it names one; {@code docker.io} by default
 * @param path the repository path in that registry, such as {@code acme/app}
 * @param tag the tag, if the reference names one
 * @param digest the digest, if the reference names one
 */
record ImageReference(String domain, String path, Optional<String> tag, Optional<String> digest) {

    /** distribution's {@code NameTotalLengthMax}: the name (domain and path) in characters. */
    static final int MAX_NAME_LENGTH = 255;

    private static final String DOCKER_HUB = "docker.io";
    private static final String LEGACY_DOCKER_HUB = "index.docker.io";
    private static final String OFFICIAL_REPOSITORIES = "library/";

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*";
    private static final Pattern PATH = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST =
            Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

    /**
     * @throws IllegalArgumentException saying which part of the reference is wrong
     */
    static ImageReference parse(String reference) {
        var name = reference;
        Optional<String> digest = Optional.empty();
        var at = name.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(name.substring(at + 1));
            name = name.substring(0, at);
            if (!DIGEST.matcher(digest.get()).matches()) {
                throw new IllegalArgumentException("its digest is not algorithm:hex (such as sha256:<64 hex digits>)");
            }
        }
        Optional<String> tag = Optional.empty();
        var colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = Optional.of(name.substring(colon + 1));
            name = name.substring(0, colon);
            if (!TAG.matcher(tag.get()).matches()) {
                throw new IllegalArgumentException(
                        "its tag must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
            }
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("its name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        var named = splitDomain(name);
        if (!DOMAIN.matcher(named.domain()).matches()) {
            throw new IllegalArgumentException("its registry host is not a host name with an optional port");
        }
        if (!PATH.matcher(named.path()).matches()) {
            throw new IllegalArgumentException("its repository path must be lower-case components (a-z, 0-9,"
                    + " separated by '.', '_', '__' or '-') joined by '/'");
        }
        return new ImageReference(named.domain(), named.path(), tag, digest);
    }

    /** The registry host and repository path, as the runtime would pull it: {@code docker.io/library/busybox}. */
    String name() {
        return domain + "/" + path;
    }

    /**
     * Whether an allow-list entry admits this image. An entry is a registry host, admitting every
     * image there, or a repository path, admitting it and the paths below it: {@code ghcr.io/acme}
     * admits {@code ghcr.io/acme/app}, never {@code ghcr.io/acme-evil/app}.
     */
    boolean isAllowedBy(String entry) {
        var allowed = allowListName(entry);
        return allowed.path().isEmpty()
                ? domain.equalsIgnoreCase(allowed.domain())
                : domain.equalsIgnoreCase(allowed.domain())
                        && (path.equals(allowed.path()) || path.startsWith(allowed.path() + "/"));
    }

    /**
     * @throws IllegalArgumentException naming the entry, when it is neither a registry host nor a
     *     repository path without tag or digest
     */
    static void requireValidAllowListEntry(String entry) {
        var problem = "jobrunner.job.allowed-images entry '" + entry
                + "' must be a registry host (registry.example.com) or a repository path (ghcr.io/acme),"
                + " without tag or digest";
        if (entry == null || entry.isBlank() || entry.contains("@")) {
            throw new IllegalArgumentException(problem);
        }
        var allowed = allowListName(entry);
        if (!DOMAIN.matcher(allowed.domain()).matches()
                || (!allowed.path().isEmpty() && !PATH.matcher(allowed.path()).matches())
                || allowed.path().contains(":")) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** An entry without a '/' that looks like a host is a host; anything else is normalised like an image name. */
    private static Named allowListName(String entry) {
        var trimmed = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
        if (!trimmed.contains("/") && looksLikeDomain(trimmed)) {
            return new Named(canonicalDomain(trimmed), "");
        }
        var slash = trimmed.indexOf('/');
        if (slash > 0 && looksLikeDomain(trimmed.substring(0, slash))) {
            // A path entry under an explicit registry is taken as written: docker.io/library is a prefix.
            return new Named(canonicalDomain(trimmed.substring(0, slash)), trimmed.substring(slash + 1));
        }
        return splitDomain(trimmed);
    }

    /** normalize.go's {@code splitDockerDomain}: the first component is a registry only if it looks like one. */
    private static Named splitDomain(String name) {
        var slash = name.indexOf('/');
        if (slash < 0 || !looksLikeDomain(name.substring(0, slash))) {
            var path = name.contains("/") ? name : OFFICIAL_REPOSITORIES + name;
            return new Named(DOCKER_HUB, path);
        }
        var domain = canonicalDomain(name.substring(0, slash));
        var path = name.substring(slash + 1);
        if (domain.equals(DOCKER_HUB) && !path.contains("/")) {
            path = OFFICIAL_REPOSITORIES + path;
        }
        return new Named(domain, path);
    }

    private static boolean looksLikeDomain(String component) {
        return component.contains(".")
                || component.contains(":")
                || component.equals("localhost")
                || !component.equals(component.toLowerCase(Locale.ROOT));
    }

    private static String canonicalDomain(String domain) {
        return domain.equals(LEGACY_DOCKER_HUB) ? DOCKER_HUB : domain;
    }

    private record Named(String domain, String path) {}
}
