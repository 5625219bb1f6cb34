package dev.jobrunner;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The job-runner function: one CloudEvent in, one Kubernetes Job, one completion CloudEvent out. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class JobRunnerApplication {

    public static void main(String[] args) {
        SpringApplication.run(JobRunnerApplication.class, args);
    }
}
