package dev.jobrunner.request;

import java.util.List;
import java.util.stream.Collectors;

/** A delivery whose data is not a valid job request; nothing was started for it. */
public class InvalidJobRequestException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidJobRequestException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public InvalidJobRequestException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /**
     * One broken rule.
     *
     * @param field the request field, or {@code data} for the request as a whole
     * @param message the rule it breaks
     */
    public record FieldError(String field, String message) {

        @Override
        public String toString() {
            return field + ": " + message;
        }
    }
}
