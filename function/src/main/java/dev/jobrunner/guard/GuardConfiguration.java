package dev.jobrunner.guard;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One {@link Guard} per dependency, named as its resilience4j instances are. */
@Configuration(proxyBeanMethods = false)
class GuardConfiguration {

    @Bean
    Guard kubernetesGuard(CircuitBreakerRegistry breakers, RetryRegistry retries) {
        return new Guard(breakers.circuitBreaker("kubernetes"), retries.retry("kubernetes"));
    }

    @Bean
    Guard storageGuard(CircuitBreakerRegistry breakers, RetryRegistry retries) {
        return new Guard(breakers.circuitBreaker("storage"), retries.retry("storage"));
    }
}
