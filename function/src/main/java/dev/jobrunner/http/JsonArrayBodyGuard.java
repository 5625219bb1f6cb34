package dev.jobrunner.http;

import java.lang.reflect.Type;

import dev.jobrunner.request.InvalidJobRequestException;
import org.springframework.cloud.function.web.mvc.FunctionController;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses a body that is a JSON array before Spring Cloud Function sees it: it would call the
 * function once per element and answer 200 with a list, so the request would vanish without a
 * Job or an error. A job request is one JSON object, one event per delivery.
 */
@ControllerAdvice
class JsonArrayBodyGuard extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return parameter.getDeclaringClass() == FunctionController.class && targetType == String.class;
    }

    @Override
    public Object afterBodyRead(
            Object body,
            HttpInputMessage input,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        if (body instanceof String text && text.stripLeading().startsWith("[")) {
            var contentType = input.getHeaders().getContentType();
            if (contentType != null && contentType.getSubtype().startsWith("cloudevents")) {
                throw new InvalidCloudEventException(
                        "a JSON array is a batch of events, which the function does"
                                + " not take: send one event per request",
                        null);
            }
            throw new InvalidJobRequestException("data", "must be a JSON object, was an array");
        }
        return body;
    }
}
