package dev.jobrunner.http;

import java.net.HttpURLConnection;

import dev.jobrunner.job.ClusterUnavailableException;
import dev.jobrunner.job.JobConflictException;
import dev.jobrunner.logs.LogStorageException;
import dev.jobrunner.logs.UnverifiedRecordException;
import dev.jobrunner.request.InvalidJobRequestException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a delivery that produced no completion event with the status that tells Knative what
 * to do next: 400 sends it to the dead-letter sink without retry, 503 has it redelivered later,
 * when the redelivery re-attaches to the same Job, 429 has it retried once fewer Jobs are in
 * flight. Bodies are {@code application/problem+json}.
 */
@RestControllerAdvice
class DeliveryErrors {

    private static final Logger logger = LoggerFactory.getLogger(DeliveryErrors.class);

    private final String apiServer;

    DeliveryErrors(KubernetesClient client) {
        this.apiServer = client.getMasterUrl().toString();
    }

    @ExceptionHandler
    ProblemDetail invalidRequest(InvalidJobRequestException e) {
        logger.info("Rejected a job request: {}", e.getMessage());
        var problem = problem(HttpStatus.BAD_REQUEST, "Invalid job request", e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notACloudEvent(InvalidCloudEventException e) {
        logger.info("Rejected a delivery: {}", e.getMessage());
        return problem(HttpStatus.BAD_REQUEST, "Not a CloudEvent", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail refusedDelivery(RefusedDeliveryException e) {
        logger.info("Refused a delivery: {}", e.getMessage());
        return problem(e.status(), e.title(), e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail clusterUnavailable(ClusterUnavailableException e) {
        return unavailable("Kubernetes API unavailable", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail jobConflict(JobConflictException e) {
        return unavailable("Job name taken", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail clusterFailed(KubernetesClientException e) {
        var detail = "the Kubernetes API at " + apiServer + " failed: " + e.getMessage();
        if (e.getCode() == 422) {
            // The cluster rejected the Job built from this request: retrying cannot help.
            logger.info("Kubernetes rejected a Job: {}", e.getMessage());
            return problem(HttpStatus.BAD_REQUEST, "Job rejected by Kubernetes", detail);
        }
        if (e.getCode() == HttpURLConnection.HTTP_ENTITY_TOO_LARGE) {
            // The API server's own limit on an object ("request is too large"): this request is too big.
            logger.info("Kubernetes refused a Job as too large: {}", e.getMessage());
            return problem(HttpStatus.BAD_REQUEST, "Job too large for Kubernetes", detail);
        }
        if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN
                && String.valueOf(e.getMessage()).contains("exceeded quota")) {
            // The namespace's ResourceQuota is full: it frees up as other Jobs finish.
            logger.info("Kubernetes quota reached: {}", e.getMessage());
            return problem(HttpStatus.TOO_MANY_REQUESTS, "Job quota reached", detail);
        }
        if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN || e.getCode() == HttpURLConnection.HTTP_UNAUTHORIZED) {
            // Needs an operator to fix RBAC or credentials; a 500 still lets Knative retry afterwards.
            logger.error("{}", detail);
            return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Not allowed by Kubernetes", detail);
        }
        return unavailable("Kubernetes API unavailable", detail);
    }

    @ExceptionHandler
    ProblemDetail breakerOpen(CallNotPermittedException e) {
        return unavailable("Dependency failing", e.getMessage() + " after repeated failures; retry later");
    }

    @ExceptionHandler
    ProblemDetail tooManyJobs(BulkheadFullException e) {
        logger.info("Turned a delivery away: {}", e.getMessage());
        return problem(
                HttpStatus.TOO_MANY_REQUESTS,
                "Too many Jobs in flight",
                "too many Jobs in flight on this instance; retry later");
    }

    @ExceptionHandler
    ProblemDetail storageFailed(LogStorageException e) {
        return unavailable("Log storage unavailable", e.getMessage() + "; the Job is kept until its log is stored");
    }

    /**
     * Not retried into a second Job and not replied from: a 500 keeps the delivery failing (and
     * Knative retrying, then dead-lettering it) until an operator has looked at the object.
     */
    @ExceptionHandler
    ProblemDetail unverifiedRecord(UnverifiedRecordException e) {
        logger.warn("Refusing a completion record: {}", e.getMessage());
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Completion record does not verify", e.getMessage());
    }

    private static ProblemDetail unavailable(String title, String detail) {
        logger.warn("{}: {}", title, detail);
        return problem(HttpStatus.SERVICE_UNAVAILABLE, title, detail);
    }

    private static ProblemDetail problem(HttpStatusCode status, String title, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
