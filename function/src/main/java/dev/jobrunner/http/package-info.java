/**
 * The HTTP edge: how a Knative delivery reaches the function and how its reply leaves. Spring
 * Cloud Function's web adapter does the routing; each class here corrects one thing it gets
 * wrong for CloudEvents, in the order a request meets them:
 *
 * <ol>
 *   <li>{@link dev.jobrunner.http.PostOnlyFilter}: anything but POST is a 405 (Spring Cloud
 *       Function would run the function for a GET or PUT and fail a DELETE with a 500).
 *   <li>{@link dev.jobrunner.http.JsonContentTypeFilter}: a body that is not JSON is a 415
 *       (Spring would fail a multipart body with a 500 and take a form body for parameters).
 *   <li>{@link dev.jobrunner.http.RequestSizeFilter}: a body over
 *       {@code jobrunner.job.max-request-size} is a 413, read no further than the limit.
 *   <li>{@link dev.jobrunner.http.JsonArrayBodyGuard}: a JSON array body is refused (Spring Cloud
 *       Function would run the function once per element and answer {@code 200 []}).
 *   <li>{@link dev.jobrunner.http.CloudEventDeliveryReader}: reads binary and structured mode
 *       with header names in any case, in place of Spring Cloud Function's own CloudEvents
 *       helper, which leaves structured data as a {@code Map} the CloudEvents converter cannot
 *       read and looks up only lower-case {@code content-type}.
 *   <li>the function, {@code dev.jobrunner.JobRunnerFunction}.
 *   <li>{@link dev.jobrunner.http.CloudEventReplyWriter}: writes the reply in binary mode and
 *       drops the request headers Spring Cloud Function copies into every response
 *       (spring-cloud-function issues 927 and 1091), which a Broker would take for the reply's
 *       and loop.
 *   <li>{@link dev.jobrunner.http.DeliveryErrors}: a failure becomes the status Knative acts on,
 *       as {@code application/problem+json}, the filters' refusals included.
 * </ol>
 *
 * <p>Underneath, Jetty holds each delivery's connection while its Job runs, and
 * {@link dev.jobrunner.http.AcceptQueue} lets a whole burst of connections wait to be accepted.
 *
 * <p>A plain {@code @RestController} with cloudevents-spring's MVC converter would avoid Spring
 * Cloud Function altogether, but that converter fails on Spring Boot 4 (cloudevents sdk-java issue
 * 704, {@code IncompatibleClassChangeError} on {@code HttpHeaders}).
 */
package dev.jobrunner.http;
