package io.zkrpc.test.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.ProviderFilter;

/** A provider filter in each provider the kit starts, first in the chain: it applies the method faults of the test. */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class FaultFilter implements ProviderFilter {

    /** The longest a hung call waits for its release: a forgotten hang cannot outlive a build. */
    private static final Duration MAX_HANG = Duration.ofMinutes(5);

    /** What happens to a call of one method. */
    sealed interface Fault {
    }

    record Slow(Duration delay) implements Fault {
    }

    record Fail(RpcErrorCode code) implements Fault {
    }

    /** {@code killed} is set before a kill releases the latch: the held calls then end in an exception, never in the method. */
    record Hang(CountDownLatch release, java.util.concurrent.atomic.AtomicBoolean killed) implements Fault {

        Hang() {
            this(new CountDownLatch(1), new java.util.concurrent.atomic.AtomicBoolean());
        }
    }

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    static String key(String interfaceName, String method) {
        return interfaceName + "#" + method;
    }

    void put(Class<?> service, String method, Fault fault) {
        boolean declared = java.util.Arrays.stream(service.getMethods()).anyMatch(m -> m.getName().equals(method));
        if (!declared) {
            throw new IllegalArgumentException(service.getName() + " has no method named '" + method + "'");
        }
        release(faults.put(key(service.getName(), method), fault));
    }

    void clear() {
        faults.values().forEach(FaultFilter::release);
        faults.clear();
    }

    /** Releases hung calls as a dead process would: none of them reaches the method or answers. */
    void kill() {
        faults.values().forEach(fault -> {
            if (fault instanceof Hang hang) {
                hang.killed().set(true);
            }
        });
        clear();
    }

    private static void release(Fault fault) {
        if (fault instanceof Hang hang) {
            hang.release().countDown();
        }
    }

    @Override
    public Object intercept(Chain chain) throws Exception {
        Invocation invocation = chain.invocation();
        Fault fault = faults.get(key(invocation.service().interfaceName(), invocation.method().name()));
        if (fault instanceof Slow slow) {
            Thread.sleep(slow.delay().toMillis()); // the fault itself: this instance answers late
        } else if (fault instanceof Fail fail) {
            throw new RpcException(fail.code(), "Failure injected by rpc-test into " + invocation);
        } else if (fault instanceof Hang hang) {
            hang.release().await(MAX_HANG.toMillis(), TimeUnit.MILLISECONDS);
            if (hang.killed().get()) {
                throw new IllegalStateException("Call held by rpc-test's hang, ended by a kill: " + invocation);
            }
        }
        return chain.proceed(invocation);
    }
}
