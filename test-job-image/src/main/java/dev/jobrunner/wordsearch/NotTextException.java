package dev.jobrunner.wordsearch;

/** The object is not line-oriented UTF-8 text; the message says why, for the summary. */
final class NotTextException extends Exception {

    NotTextException(String reason) {
        super(reason);
    }
}
