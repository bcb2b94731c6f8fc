package dev.bulwark.bootstrap.http;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;

/**
 * The few java.net.http operations the runtime needs, through method handles: code on the bootstrap
 * class path cannot name a java.net.http type, that module belongs to the platform class loader.
 * Found lazily, so that a JVM without java.net.http (a jlinked image) never looks.
 */
final class JavaNetHttp {
    /** Request bodies that publish the same bytes again when a retry subscribes: no stream, no user publisher. */
    private static final Set<String> REPLAYABLE_BODIES = Set.of(
            "jdk.internal.net.http.RequestPublishers$ByteArrayPublisher",
            "jdk.internal.net.http.RequestPublishers$StringPublisher",
            "jdk.internal.net.http.RequestPublishers$EmptyPublisher",
            "jdk.internal.net.http.RequestPublishers$FilePublisher");

    private JavaNetHttp() {
    }

    private static final class Handles {
        static final MethodHandle STATUS_CODE = virtual("java.net.http.HttpResponse", "statusCode", int.class);
        static final MethodHandle HEADERS = virtual("java.net.http.HttpResponse", "headers",
                type("java.net.http.HttpHeaders"));
        static final MethodHandle BODY = virtual("java.net.http.HttpResponse", "body", Object.class);
        static final MethodHandle FIRST_VALUE = virtual("java.net.http.HttpHeaders", "firstValue", Optional.class,
                String.class);
        static final MethodHandle METHOD = virtual("java.net.http.HttpRequest", "method", String.class);
        static final MethodHandle BODY_PUBLISHER = virtual("java.net.http.HttpRequest", "bodyPublisher",
                Optional.class);
        static final MethodHandle URI = virtual("java.net.http.HttpRequest", "uri", java.net.URI.class);
        static final MethodHandle COPY = copyBuilder();
        static final MethodHandle BUILDER_URI = virtual("java.net.http.HttpRequest$Builder", "uri",
                type("java.net.http.HttpRequest$Builder"), java.net.URI.class);
        static final MethodHandle BUILD = virtual("java.net.http.HttpRequest$Builder", "build",
                type("java.net.http.HttpRequest"));
        static final MethodHandle SEND_ASYNC = virtual("java.net.http.HttpClient", "sendAsync",
                CompletableFuture.class, type("java.net.http.HttpRequest"),
                type("java.net.http.HttpResponse$BodyHandler"), type("java.net.http.HttpResponse$PushPromiseHandler"));
    }

    static int statusCode(Object response) throws Throwable {
        return (int) Handles.STATUS_CODE.invokeExact(response);
    }

    /** The first value of a response header, or null. */
    static String header(Object response, String name) throws Throwable {
        Object headers = (Object) Handles.HEADERS.invokeExact(response);
        Optional<?> value = (Optional<?>) Handles.FIRST_VALUE.invokeExact(headers, name);
        return (String) value.orElse(null);
    }

    static Object body(Object response) throws Throwable {
        return (Object) Handles.BODY.invokeExact(response);
    }

    static String method(Object request) throws Throwable {
        return (String) Handles.METHOD.invokeExact(request);
    }

    /** Whether sending the request again sends the same body: without a body, or with a JDK in-memory or file one. */
    static boolean replayable(Object request) {
        try {
            Optional<?> publisher = (Optional<?>) Handles.BODY_PUBLISHER.invokeExact(request);
            return publisher.isEmpty() || REPLAYABLE_BODIES.contains(publisher.get().getClass().getName());
        } catch (Throwable e) {
            return false; // cannot tell: never send a body twice that might not be whole
        }
    }

    static java.net.URI uri(Object request) throws Throwable {
        return (java.net.URI) Handles.URI.invokeExact(request);
    }

    /** The same request (method, headers, body, timeout, version) sent to {@code uri}. */
    static Object withUri(Object request, java.net.URI uri) throws Throwable {
        Object builder = (Object) Handles.COPY.invokeExact(request, ALL_HEADERS);
        builder = (Object) Handles.BUILDER_URI.invokeExact(builder, uri);
        return (Object) Handles.BUILD.invokeExact(builder);
    }

    private static final BiPredicate<String, String> ALL_HEADERS = (name, value) -> true;

    /** {@code HttpRequest.newBuilder(HttpRequest, BiPredicate)}, JDK 16 and later, java.net.http types as Object. */
    private static MethodHandle copyBuilder() {
        try {
            MethodHandle h = MethodHandles.publicLookup().findStatic(type("java.net.http.HttpRequest"), "newBuilder",
                    MethodType.methodType(type("java.net.http.HttpRequest$Builder"), type("java.net.http.HttpRequest"),
                            BiPredicate.class));
            return h.asType(MethodType.methodType(Object.class, Object.class, BiPredicate.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("java.net.http has no HttpRequest#newBuilder(HttpRequest, BiPredicate)", e);
        }
    }

    @SuppressWarnings("unchecked")
    static CompletableFuture<Object> sendAsync(Object client, Object request, Object handler, Object pushHandler)
            throws Throwable {
        return (CompletableFuture<Object>) Handles.SEND_ASYNC.invokeExact(client, request, handler, pushHandler);
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name, false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the java.net.http module is not in this JVM", e);
        }
    }

    /** A public virtual method as a handle taking and returning Object where the type is a java.net.http one. */
    private static MethodHandle virtual(String owner, String name, Class<?> returns, Class<?>... parameters) {
        try {
            MethodHandle h = MethodHandles.publicLookup().findVirtual(type(owner), name,
                    MethodType.methodType(returns, parameters));
            MethodType erased = h.type();
            for (int i = 0; i < erased.parameterCount(); i++) {
                erased = erased.changeParameterType(i, erase(erased.parameterType(i)));
            }
            return h.asType(erased.changeReturnType(erase(erased.returnType())));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("java.net.http has no " + owner + "#" + name, e);
        }
    }

    private static Class<?> erase(Class<?> c) {
        return c.getName().startsWith("java.net.http.") ? Object.class : c;
    }
}
