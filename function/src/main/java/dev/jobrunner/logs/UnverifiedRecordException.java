package dev.jobrunner.logs;

/**
 * A stored object sits where a completion record belongs but is not one the function wrote: its
 * signature is missing or does not verify, or its bytes are not what was signed. Nothing is
 * replied from it and no Job is started because of it; an operator has to look.
 */
public class UnverifiedRecordException extends RuntimeException {

    UnverifiedRecordException(StoredLog record, String why) {
        super("object " + record.bucket() + "/" + record.object() + " is not a completion record of job-runner: "
                + why);
    }
}
