package dev.jobrunner.event;

import java.io.IOException;
import java.util.function.Predicate;

import dev.jobrunner.guard.Causes;

/**
 * How the sink fails in a way worth trying again: no answer, a 5xx, or a 429 (a Broker's ingress
 * turning events away while busy). Other 4xx mean the event itself was refused and would be again.
 */
public class TransientSinkFailure implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        if (failure instanceof SinkRefusedException refused) {
            return refused.status() >= 500 || refused.status() == 429;
        }
        return Causes.find(failure, IOException.class).isPresent();
    }
}
