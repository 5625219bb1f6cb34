package dev.jobrunner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What to send where, and how to wait: the command line and the environment, checked.
 *
 * @param request the job request
 * @param to where an HTTP delivery goes: the function or a Broker
 * @param rabbitMq where to publish instead; {@code null} sends over HTTP
 * @param eventId the event's id, a message's {@code message_id}
 * @param eventSource the event's source, as the function will see it
 * @param eventType the event's type, over HTTP
 * @param storage where the completion record appears
 * @param waitLimit how long to wait for it (--wait)
 * @param poll how often to look
 * @param follow whether to print the stored log at the end
 */
record Options(
        JobRequest request,
        URI to,
        RabbitMq rabbitMq,
        String eventId,
        String eventSource,
        String eventType,
        Storage storage,
        Duration waitLimit,
        Duration poll,
        boolean follow) {

    /** What {@code --help} prints: the options, the environment variables and the exit codes. */
    static String usage() {
        try (var usage = Options.class.getResourceAsStream("usage.txt")) {
            return new String(usage.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the CLI's jar lacks its usage.txt", e);
        }
    }

    private static final String REQUEST_TYPE = "dev.jobrunner.job.requested";
    private static final Duration WAIT_BEYOND_TIMEOUT = Duration.ofMinutes(10);

    /**
     * @param stdin read when REQUEST is {@code -}
     * @return the options, or {@code null} when {@code --help} asks for the usage only
     * @throws UsageException naming the option, variable or field that is wrong
     */
    static Options parse(String[] args, Map<String, String> env, InputStream stdin) {
        var values = new LinkedHashMap<String, String>();
        String requestArgument = null;
        var follow = false;
        for (int i = 0; i < args.length; i++) {
            var arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--follow" -> follow = true;
                case "--to",
                        "--rabbitmq",
                        "--queue",
                        "--namespace",
                        "--id",
                        "--source",
                        "--type",
                        "--storage",
                        "--log-prefix",
                        "--wait",
                        "--poll" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException(arg + " needs a value");
                    }
                    if (values.put(arg, args[++i]) != null) {
                        throw new UsageException(arg + " is given twice");
                    }
                }
                default -> {
                    if (arg.startsWith("--")) {
                        throw new UsageException("unknown option " + arg);
                    }
                    if (requestArgument != null) {
                        throw new UsageException("one REQUEST only; options start with --");
                    }
                    requestArgument = arg;
                }
            }
        }
        if (requestArgument == null) {
            throw new UsageException("REQUEST is missing: the job request as JSON, @FILE or -");
        }
        if (values.containsKey("--to") && values.containsKey("--rabbitmq")) {
            throw new UsageException("--to and --rabbitmq exclude each other: send over HTTP or to RabbitMQ");
        }
        var request = JobRequest.parse(read(requestArgument, stdin));
        var rabbitMq = values.containsKey("--rabbitmq")
                ? rabbitMq(values.get("--rabbitmq"), values.getOrDefault("--queue", "job-requests"), env)
                : null;
        if (rabbitMq == null) {
            for (var option : new String[] {"--queue", "--namespace"}) {
                if (values.containsKey(option)) {
                    throw new UsageException(option + " is for --rabbitmq only");
                }
            }
        } else if (values.containsKey("--type")) {
            throw new UsageException("--type is for HTTP only: the RabbitmqSource sets the type");
        }
        var source = values.get("--source");
        if (source == null) {
            source = rabbitMq == null
                    ? "/job-runner-cli"
                    : "/apis/v1/namespaces/" + values.getOrDefault("--namespace", "default")
                            + "/rabbitmqsources/job-requests#" + rabbitMq.queue();
        }
        var id = values.getOrDefault("--id", UUID.randomUUID().toString());
        if (id.isBlank() || source.isBlank()) {
            throw new UsageException("--id and --source must not be empty");
        }
        var wait = values.containsKey("--wait")
                ? OptionValues.duration("--wait", values.get("--wait"))
                : Duration.ofMinutes(request.timeOutMinutes()).plus(WAIT_BEYOND_TIMEOUT);
        var poll = OptionValues.duration("--poll", values.getOrDefault("--poll", "2s"));
        return new Options(
                request,
                OptionValues.http("--to", values.getOrDefault("--to", "http://localhost:8080/")),
                rabbitMq,
                id,
                source,
                values.getOrDefault("--type", REQUEST_TYPE),
                storage(values, env),
                wait,
                poll,
                follow);
    }

    private static String read(String request, InputStream stdin) {
        try {
            if (request.equals("-")) {
                return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (request.startsWith("@")) {
                return Files.readString(Path.of(request.substring(1)));
            }
            return request;
        } catch (IOException e) {
            throw new UsageException("REQUEST could not be read from " + request + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UsageException("REQUEST could not be read from " + request + ": "
                    + e.getCause().getMessage());
        }
    }

    private static Storage storage(Map<String, String> values, Map<String, String> env) {
        var endpoint = OptionValues.http(
                "--storage",
                values.getOrDefault(
                        "--storage", env.getOrDefault("JOBRUNNER_STORAGE_ENDPOINT", "http://localhost:9000")));
        var accessKey = env.get("JOBRUNNER_STORAGE_ACCESSKEY");
        var secretKey = env.get("JOBRUNNER_STORAGE_SECRETKEY");
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new UsageException("JOBRUNNER_STORAGE_ACCESSKEY and JOBRUNNER_STORAGE_SECRETKEY must be set:"
                    + " the completion record is read from " + endpoint + " with them");
        }
        var prefix = values.getOrDefault("--log-prefix", "logs/");
        if (prefix.startsWith("/") || prefix.contains("..")) {
            throw new UsageException("--log-prefix must be a relative key prefix such as logs/, was " + prefix);
        }
        return new Storage(endpoint, accessKey, secretKey, env.get("JOBRUNNER_STORAGE_REGION"), prefix);
    }

    private static RabbitMq rabbitMq(String value, String queue, Map<String, String> env) {
        var uri = OptionValues.uri("--rabbitmq", value);
        if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new UsageException("--rabbitmq must be an amqp:// or amqps:// URI with a host, such as"
                    + " amqp://localhost:5672, was " + RabbitMq.withoutUserInfo(uri));
        }
        if (queue.isBlank()) {
            throw new UsageException("--queue must not be empty");
        }
        String username = null;
        String password = null;
        var userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            var colon = userInfo.indexOf(':');
            username = URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
            password = colon < 0 ? null : URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
        }
        username = env.getOrDefault("JOBRUNNER_RABBITMQ_USERNAME", username);
        password = env.getOrDefault("JOBRUNNER_RABBITMQ_PASSWORD", password);
        return new RabbitMq(uri, username, password, queue);
    }
}
