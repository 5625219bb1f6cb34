package dev.jobrunner.guard;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A delivery whose call did not get its turn in time is answered 429: nothing was started, the
 * dependency is busy rather than broken, and Knative sends it again later (or to another
 * instance) instead of the delivery hanging until its Trigger gives up. First in line: such a
 * call can also surface as the cause of another failure (a log read inside an upload), and it
 * still means a turn not had, not a broken dependency.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueuedTooLongHandler {

    private static final Logger logger = LoggerFactory.getLogger(QueuedTooLongHandler.class);

    @ExceptionHandler
    ProblemDetail queuedTooLong(QueuedTooLongException e) {
        logger.info("Turned a delivery away: {}", e.getMessage());
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage() + "; retry later");
        problem.setTitle("Too many calls waiting");
        return problem;
    }
}
