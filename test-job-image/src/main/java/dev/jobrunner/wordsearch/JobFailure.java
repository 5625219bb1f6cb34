package dev.jobrunner.wordsearch;

/** A failure that ends the run; its message names what went wrong (variable, bucket or object). */
class JobFailure extends RuntimeException {

    JobFailure(String message) {
        super(message);
    }

    JobFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
