package dev.jobrunner.http;

import java.lang.reflect.InvocationTargetException;
import java.util.stream.Stream;

import dev.jobrunner.job.ClusterUnavailableException;
import dev.jobrunner.logs.LogStorageException;
import dev.jobrunner.request.InvalidJobRequestException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What Knative is told for each failure: 400 dead-letters without retry, 429 and 503 retry later,
 * 500 needs an operator and is retried too. Dispatched as Spring dispatches it, by exception type.
 */
class DeliveryErrorsTests {

    private static final String API_SERVER = "https://kubernetes.example:6443/";

    static Stream<Arguments> failures() {
        return Stream.of(
                arguments("invalid request", new InvalidJobRequestException("image", "is required"), 400, "image"),
                arguments("not a CloudEvent", new InvalidCloudEventException("no ce-id", null), 400, "ce-id"),
                arguments(
                        "not a POST",
                        new RefusedDeliveryException(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed", "POST"),
                        405,
                        "POST"),
                arguments(
                        "not JSON",
                        new RefusedDeliveryException(
                                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content type not read", "JSON"),
                        415,
                        "JSON"),
                arguments(
                        "body over the limit",
                        new RefusedDeliveryException(HttpStatus.CONTENT_TOO_LARGE, "Request too large", "limit"),
                        413,
                        "limit"),
                arguments("Job invalid for Kubernetes (422)", kubernetes(422, "Job.batch is invalid"), 400, "invalid"),
                arguments(
                        "Job too large for Kubernetes (413)",
                        kubernetes(413, "request is too large"),
                        400,
                        "too large"),
                arguments(
                        "namespace quota full",
                        kubernetes(403, "jobs \"a\" is forbidden: exceeded quota: jobs"),
                        429,
                        "exceeded quota"),
                arguments(
                        "RBAC missing (403)", kubernetes(403, "forbidden: User cannot create jobs"), 500, "forbidden"),
                arguments("credentials refused (401)", kubernetes(401, "Unauthorized"), 500, "Unauthorized"),
                arguments("API server failing (500)", kubernetes(500, "etcdserver: leader changed"), 503, API_SERVER),
                arguments(
                        "cluster never reached",
                        new ClusterUnavailableException(API_SERVER, null),
                        503,
                        "not been reachable"),
                arguments(
                        "breaker open",
                        CallNotPermittedException.createCallNotPermittedException(
                                CircuitBreaker.ofDefaults("kubernetes")),
                        503,
                        "kubernetes"),
                arguments(
                        "too many Jobs in flight",
                        BulkheadFullException.createBulkheadFullException(Bulkhead.ofDefaults("jobs")),
                        429,
                        "too many Jobs"),
                arguments(
                        "storage failing",
                        new LogStorageException("could not store log results/logs/a.log", null),
                        503,
                        "the Job is kept"));
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("failures")
    @DisplayName("Each failure gets the status that makes Knative do the right thing, and says why")
    void handlerWhenDeliveryFailsAnswersTheStatusKnativeActsOn(
            String failure, Exception exception, int status, String detail) throws Exception {
        try (var client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(API_SERVER).build())
                .build()) {
            // Given
            var errors = new DeliveryErrors(client);
            var handler = new ExceptionHandlerMethodResolver(DeliveryErrors.class).resolveMethod(exception);
            assertThat(handler).as("a handler for " + failure).isNotNull();

            // When
            ProblemDetail problem;
            try {
                problem = (ProblemDetail) handler.invoke(errors, exception);
            } catch (InvocationTargetException e) {
                throw new AssertionError("the handler itself failed", e.getCause());
            }

            // Then
            assertThat(problem.getStatus()).isEqualTo(status);
            assertThat(problem.getDetail()).contains(detail);
            assertThat(problem.getTitle()).isNotBlank();
        }
    }

    private static KubernetesClientException kubernetes(int code, String message) {
        return new KubernetesClientException(
                new StatusBuilder().withCode(code).withMessage(message).build());
    }
}
