package dev.jobrunner.http;

import org.apache.coyote.http11.Http11NioProtocol;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Smaller buffers for the deliveries' connections. Every delivery holds its connection open while
 * its Job runs, and Tomcat gives each connection its buffers for as long: about 76 KiB of the
 * 170-190 KiB a waiting delivery cost by default, 58 KiB of 164 with these (benchmarks/, class
 * histograms at 1,000 waits):
 *
 * <ul>
 *   <li>socket buffers: a read buffer twice (the socket's and, as much again, behind the request's
 *       header buffer) and a write buffer, 8 KiB each by default. A delivery's body is at most
 *       {@code jobrunner.job.max-request-size} and its reply a few KiB, read and written once: 4 KiB
 *       take a few more reads and writes of each and save 12 KiB per delivery held open;
 *   <li>the reply's buffers, 8 KiB of bytes and 8 Ki chars (16 KiB) that Tomcat allocates for every
 *       connection's response whether it writes text or not ({@code org.apache.catalina.connector.OutputBuffer}),
 *       sized by the protocol handler's {@code getDesiredBufferSize()} ({@code Connector#createResponse}).
 *       Replies are written as bytes with their Content-Length ({@link CloudEventReplyWriter}), so
 *       2 KiB only splits a longer one into more writes, and saves 18 KiB per delivery held open.
 * </ul>
 *
 * <p>Left as they are: header sizes (8 KiB, {@code server.max-http-request-header-size}), so no
 * delivery is refused that was accepted before and no reply's headers (which repeat the event's id
 * and source) overflow; and the request's 8 Ki chars for a reader, which Tomcat sizes with no
 * setting ({@code org.apache.catalina.connector.InputBuffer}).
 */
@Configuration(proxyBeanMethods = false)
class ConnectionBuffers {

    static final int SOCKET_BUFFER_BYTES = 4096;
    static final int REPLY_BUFFER_SIZE = 2048;

    @Bean
    TomcatConnectorCustomizer smallerSocketBuffers() {
        return connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
        };
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallerReplyBuffers() {
        return factory -> factory.setProtocol(SmallReplyBuffersProtocol.class.getName());
    }

    /** Tomcat's HTTP/1.1 protocol, with {@link #REPLY_BUFFER_SIZE} for each response's buffers. */
    public static final class SmallReplyBuffersProtocol extends Http11NioProtocol {

        @Override
        public int getDesiredBufferSize() {
            return REPLY_BUFFER_SIZE;
        }
    }
}
