package dev.jobrunner.http;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Smaller socket buffers for the deliveries' connections. Every delivery holds its connection
 * open while its Job runs, and Tomcat gives each connection its buffers for as long: a read
 * buffer twice (the socket's and, as much again, behind the request's header buffer) and a write
 * buffer, 8 KiB each by default, 24 KiB of the roughly 200 KiB a waiting delivery costs
 * (benchmarks/, at 1,000 waits). A delivery's body is at most {@code jobrunner.job.max-request-size}
 * and its reply a few KiB, read and written once: 4 KiB buffers take a few more reads and writes
 * of each and save 12 KiB per delivery held open. Header sizes stay as they are (8 KiB,
 * {@code server.max-http-request-header-size}), so no delivery is refused that was accepted before.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionBuffers {

    static final int SOCKET_BUFFER_BYTES = 4096;

    @Bean
    TomcatConnectorCustomizer smallerSocketBuffers() {
        return connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
        };
    }
}
