package dev.jobrunner.event;

/** The sink answered an event with something other than a 2xx. */
class SinkRefusedException extends RuntimeException {

    private final int status;

    SinkRefusedException(String eventId, int status) {
        super("the sink answered event " + eventId + " with HTTP " + status);
        this.status = status;
    }

    int status() {
        return status;
    }
}
