package dev.jobrunner;

import dev.jobrunner.devmode.DevMode;
import org.springframework.boot.SpringApplication;

/**
 * The function in dev mode, with a simulated cluster and object storage in its own process:
 * {@code ./mvnw -pl function spring-boot:test-run}. Spring Boot's convention for running an
 * application with test-scope services: the application's own {@code main}, plus {@link DevMode}.
 */
public class TestJobRunnerApplication {

    public static void main(String[] args) {
        devMode().run(args);
    }

    /** The application as dev mode runs it. */
    public static SpringApplication.Augmented devMode() {
        return SpringApplication.from(JobRunnerApplication::main)
                .with(DevMode.class)
                .withAdditionalProfiles(DevMode.PROFILE);
    }
}
