package dev.jobrunner.deploy;

import java.util.regex.Pattern;

import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * A Kubernetes API request as RBAC sees it: which verb on which resource of which API group.
 *
 * @param apiGroup {@code ""} for the core group
 * @param resource the resource, with its subresource as RBAC names it ({@code pods/log})
 * @param verb {@code get}, {@code list}, {@code watch}, {@code create}, {@code update}, {@code patch},
 *     {@code delete} or {@code deletecollection}
 */
record ApiCall(String apiGroup, String resource, String verb) {

    // /api/v1/namespaces/NS/pods/NAME/log or /apis/batch/v1/namespaces/NS/jobs?labelSelector=...
    private static final Pattern RESOURCE_PATH =
            Pattern.compile("/(?:api/v1|apis/(?<group>[^/]+)/[^/]+)(?:/namespaces/[^/]+)?/(?<resource>[^/?]+)"
                    + "(?:/(?<name>[^/?]+)(?:/(?<subresource>[^/?]+))?)?(?:\\?(?<query>.*))?");

    /** The call a recorded request makes, as the API server's RBAC authorizer classifies it. */
    static ApiCall of(RecordedRequest request) {
        var path = RESOURCE_PATH.matcher(request.getPath());
        if (!path.matches()) {
            throw new IllegalArgumentException("not a resource request: " + request.getRequestLine());
        }
        var group = path.group("group") == null ? "" : path.group("group");
        var resource = path.group("subresource") == null
                ? path.group("resource")
                : path.group("resource") + "/" + path.group("subresource");
        var named = path.group("name") != null;
        var watch = path.group("query") != null && path.group("query").matches("(?:.*&)?watch=(?:true|1)(?:&.*)?");
        var verb = switch (request.getMethod()) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("unexpected method: " + request.getRequestLine());
        };
        return new ApiCall(group, resource, verb);
    }

    @Override
    public String toString() {
        return (apiGroup.isEmpty() ? "core" : apiGroup) + " " + resource + " " + verb;
    }
}
