package dev.bulwark.bootstrap.amqp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

/**
 * The amqp-client operations Bulwark needs, as method handles found in the class loader of the
 * application's amqp-client (code on the boot class path cannot name its types). One set per
 * loader, found once.
 */
final class AmqpClient {
    private static final ClassValue<AmqpClient> BY_CHANNEL_CLASS = new ClassValue<>() {
        @Override
        protected AmqpClient computeValue(Class<?> channelClass) {
            return new AmqpClient(channelClass.getClassLoader());
        }
    };

    private final MethodHandle getConnection;
    private final MethodHandle createChannel;
    private final MethodHandle confirmSelect;
    private final MethodHandle waitForConfirmsOrDie;
    private final MethodHandle queueDeclare;
    private final MethodHandle basicPublish;
    private final MethodHandle basicAck;
    private final MethodHandle basicNack;
    private final MethodHandle isOpen;
    private final MethodHandle deliveryTag;
    private final MethodHandle exchange;
    private final MethodHandle routingKey;
    private final MethodHandle headers;
    private final MethodHandle propertiesBuilder;
    private final MethodHandle newBuilder;
    private final MethodHandle builderHeaders;
    private final MethodHandle builderBuild;

    private AmqpClient(ClassLoader loader) {
        Class<?> channel = type(loader, "com.rabbitmq.client.Channel");
        Class<?> connection = type(loader, "com.rabbitmq.client.Connection");
        Class<?> envelope = type(loader, "com.rabbitmq.client.Envelope");
        Class<?> properties = type(loader, "com.rabbitmq.client.AMQP$BasicProperties");
        Class<?> builder = type(loader, "com.rabbitmq.client.AMQP$BasicProperties$Builder");
        getConnection = virtual(channel, "getConnection", connection);
        createChannel = virtual(connection, "createChannel", channel);
        confirmSelect = virtual(channel, "confirmSelect", type(loader, "com.rabbitmq.client.AMQP$Confirm$SelectOk"));
        waitForConfirmsOrDie = virtual(channel, "waitForConfirmsOrDie", void.class, long.class);
        queueDeclare = virtual(channel, "queueDeclare", type(loader, "com.rabbitmq.client.AMQP$Queue$DeclareOk"),
                String.class, boolean.class, boolean.class, boolean.class, Map.class);
        basicPublish = virtual(channel, "basicPublish", void.class, String.class, String.class, properties,
                byte[].class);
        basicAck = virtual(channel, "basicAck", void.class, long.class, boolean.class);
        basicNack = virtual(channel, "basicNack", void.class, long.class, boolean.class, boolean.class);
        isOpen = virtual(channel, "isOpen", boolean.class);
        deliveryTag = virtual(envelope, "getDeliveryTag", long.class);
        exchange = virtual(envelope, "getExchange", String.class);
        routingKey = virtual(envelope, "getRoutingKey", String.class);
        headers = virtual(properties, "getHeaders", Map.class);
        propertiesBuilder = virtual(properties, "builder", builder);
        try {
            newBuilder = MethodHandles.publicLookup().findConstructor(builder, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Object.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("amqp-client has no BasicProperties.Builder()", e);
        }
        builderHeaders = virtual(builder, "headers", builder, Map.class);
        builderBuild = virtual(builder, "build", properties);
    }

    static AmqpClient of(Object channel) {
        return BY_CHANNEL_CLASS.get(channel.getClass());
    }

    Object connectionOf(Object channel) throws Throwable {
        return (Object) getConnection.invokeExact(channel);
    }

    Object createConfirmingChannel(Object connection) throws Throwable {
        Object c = (Object) createChannel.invokeExact(connection);
        Object ok = (Object) confirmSelect.invokeExact(c);
        return c;
    }

    void declareQueue(Object channel, String name, Map<String, Object> arguments) throws Throwable {
        Object ok = (Object) queueDeclare.invokeExact(channel, name, true, false, false, arguments);
    }

    void publish(Object channel, String routingKey, Object properties, byte[] body) throws Throwable {
        basicPublish.invokeExact(channel, "", routingKey, properties, body);
    }

    void waitForConfirms(Object channel, long timeoutMillis) throws Throwable {
        waitForConfirmsOrDie.invokeExact(channel, timeoutMillis);
    }

    void ack(Object channel, long tag) throws Throwable {
        basicAck.invokeExact(channel, tag, false);
    }

    void nackRequeue(Object channel, long tag) throws Throwable {
        basicNack.invokeExact(channel, tag, false, true);
    }

    boolean isOpen(Object channel) throws Throwable {
        return (boolean) isOpen.invokeExact(channel);
    }

    long deliveryTag(Object envelope) throws Throwable {
        return (long) deliveryTag.invokeExact(envelope);
    }

    String exchange(Object envelope) throws Throwable {
        return (String) exchange.invokeExact(envelope);
    }

    String routingKey(Object envelope) throws Throwable {
        return (String) routingKey.invokeExact(envelope);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> headers(Object properties) throws Throwable {
        return properties == null ? null : (Map<String, Object>) (Map<?, ?>) headers.invokeExact(properties);
    }

    /** A copy of {@code properties} (all of them, such as delivery mode and message id) with these headers. */
    Object withHeaders(Object properties, Map<String, Object> newHeaders) throws Throwable {
        Object b = properties == null ? (Object) newBuilder.invokeExact() : (Object) propertiesBuilder.invokeExact(properties);
        b = (Object) builderHeaders.invokeExact(b, newHeaders);
        return (Object) builderBuild.invokeExact(b);
    }

    private static Class<?> type(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("amqp-client class " + name + " not found", e);
        }
    }

    /** A public method as a handle taking and returning Object for amqp-client types. */
    private static MethodHandle virtual(Class<?> owner, String name, Class<?> returns, Class<?>... parameters) {
        try {
            MethodHandle h = MethodHandles.publicLookup().findVirtual(owner, name,
                    MethodType.methodType(returns, parameters));
            MethodType erased = h.type();
            for (int i = 0; i < erased.parameterCount(); i++) {
                erased = erased.changeParameterType(i, erase(erased.parameterType(i)));
            }
            return h.asType(erased.changeReturnType(erase(erased.returnType())));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("amqp-client has no " + owner.getName() + "#" + name, e);
        }
    }

    private static Class<?> erase(Class<?> c) {
        return c.isPrimitive() || c.isArray() || c.getName().startsWith("java.") ? c : Object.class;
    }
}
