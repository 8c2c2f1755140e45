package io.zkrpc.core.filter;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The immutable model of one service method, prepared once per interface and shared by every
 * call: its name, its signature as it travels on the wire, and its generic types.
 */
public final class MethodDescriptor {

    private final Method method;
    private final String signature;
    private final List<String> parameterTypeNames;
    private final Type[] genericParameterTypes;
    private final Type genericReturnType;
    private final boolean async;
    private final Type resultType;
    private final boolean returnsVoid;

    private MethodDescriptor(Method method) {
        this.method = method;
        this.parameterTypeNames = Arrays.stream(method.getParameterTypes()).map(Class::getTypeName).toList();
        this.signature = signature(method.getName(), parameterTypeNames);
        this.genericParameterTypes = method.getGenericParameterTypes();
        this.genericReturnType = method.getGenericReturnType();
        this.async = method.getReturnType() == CompletableFuture.class || method.getReturnType() == CompletionStage.class;
        this.resultType = async ? futureValueType(genericReturnType) : genericReturnType;
        this.returnsVoid = resultType == void.class || resultType == Void.class;
    }

    /** Describes {@code method}; done once per method, so that calls need no reflection lookups. */
    public static MethodDescriptor of(Method method) {
        return new MethodDescriptor(method);
    }

    /**
     * The methods of {@code serviceInterface} that can be called remotely, keyed by signature.
     * A signature that {@link Class#getMethods()} lists twice (inherited from two interfaces, or
     * narrowed by an override) is one method, described by the one with the narrowest return type.
     */
    public static java.util.Map<String, MethodDescriptor> forInterface(Class<?> serviceInterface) {
        if (!serviceInterface.isInterface()) {
            throw new IllegalArgumentException(serviceInterface.getName() + " is not an interface");
        }
        return Arrays.stream(serviceInterface.getMethods())
                .filter(m -> !m.isSynthetic() && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
                .map(MethodDescriptor::of)
                .collect(Collectors.toUnmodifiableMap(MethodDescriptor::signature, d -> d, MethodDescriptor::narrower));
    }

    private static Type futureValueType(Type futureType) {
        return futureType instanceof ParameterizedType parameterized ? parameterized.getActualTypeArguments()[0] : Object.class;
    }

    private static MethodDescriptor narrower(MethodDescriptor first, MethodDescriptor second) {
        Class<?> firstType = first.method.getReturnType();
        Class<?> secondType = second.method.getReturnType();
        return firstType != secondType && firstType.isAssignableFrom(secondType) ? second : first;
    }

    /** The wire name of a method: {@code name(type1,type2)} with erased parameter type names. */
    public static String signature(String name, List<String> parameterTypeNames) {
        return name + "(" + String.join(",", parameterTypeNames) + ")";
    }

    /** The reflective method, which the provider invokes on the service bean. */
    public Method method() {
        return method;
    }

    /** The simple method name, as it travels in the request's {@code method} field. */
    public String name() {
        return method.getName();
    }

    /** {@code findById(int)}: the name and erased parameter types, unique within an interface. */
    public String signature() {
        return signature;
    }

    /** The erased parameter type names, as they travel in the request's {@code parameterTypes} field. */
    public List<String> parameterTypeNames() {
        return parameterTypeNames;
    }

    /** How many arguments a call must carry. */
    public int parameterCount() {
        return genericParameterTypes.length;
    }

    /** The generic type of parameter {@code index}, which its argument is decoded as. */
    public Type genericParameterType(int index) {
        return genericParameterTypes[index];
    }

    /** The declared return type, a future type included for asynchronous methods. */
    public Type genericReturnType() {
        return genericReturnType;
    }

    /**
     * Whether the method returns a {@link CompletableFuture} or {@link CompletionStage}: its call
     * does not block the caller, and the provider may complete it asynchronously.
     */
    public boolean isAsync() {
        return async;
    }

    /** The type of the value the call produces: the return type, or {@code T} of a future of {@code T}. */
    public Type resultType() {
        return resultType;
    }

    /** Whether the call produces no value ({@code void}, or a future of {@code Void}). */
    public boolean returnsVoid() {
        return returnsVoid;
    }

    /** Whether the method declares {@code exceptionType} (or a supertype of it) in its throws clause. */
    public boolean declares(Class<?> exceptionType) {
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.isAssignableFrom(exceptionType)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return method.getDeclaringClass().getName() + "#" + signature;
    }
}
