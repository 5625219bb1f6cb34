package dev.jobrunner.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.regex.Pattern;

/** The values options take, checked, with messages that name the option. */
final class OptionValues {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private OptionValues() {}

    static URI http(String option, String value) {
        var uri = uri(option, value);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            // Never echo a user or password someone put in the URL.
            throw new UsageException(option + " must be an http:// or https:// URL with a host, was "
                    + value.replaceFirst("//[^/@]*@", "//"));
        }
        return uri;
    }

    static URI uri(String option, String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            // The reason only: the value may carry a password.
            throw new UsageException(option + " is not a URI: " + e.getReason());
        }
    }

    static Duration duration(String option, String value) {
        var matcher = DURATION.matcher(value);
        if (!matcher.matches()) {
            throw new UsageException(
                    option + " must be a whole number with ms, s, m or h, such as 90s or 20m, was " + value);
        }
        var amount = Long.parseLong(matcher.group(1));
        var duration = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (duration.isZero()) {
            throw new UsageException(option + " must be longer than 0, was " + value);
        }
        return duration;
    }
}
