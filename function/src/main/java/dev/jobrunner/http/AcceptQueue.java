package dev.jobrunner.http;

import org.eclipse.jetty.server.ServerConnector;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A listen backlog as deep as the deliveries one instance is sent at once. Knative's queue-proxy
 * opens a connection per delivery in flight, so a burst of {@code containerConcurrency} (1,000,
 * knative/base/500-service.yaml) arrives as that many connections in the same instant; those the
 * kernel holds for Jetty to accept wait in the backlog, and the rest are dropped. Jetty asks for
 * the JDK's default of 50 ({@code ServerConnector#setAcceptQueueSize}), and Spring Boot has no
 * property for it: at that default the burst benchmark saw 239-260 of 1,000 connections closed
 * before any answer, none at 1,000.
 */
@Configuration(proxyBeanMethods = false)
class AcceptQueue {

    private static final int CONNECTIONS = 1000;

    @Bean
    JettyServerCustomizer deepAcceptQueue() {
        return server -> {
            for (var connector : server.getConnectors()) {
                if (connector instanceof ServerConnector listening) {
                    listening.setAcceptQueueSize(CONNECTIONS);
                }
            }
        };
    }
}
