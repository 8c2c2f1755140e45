package io.zkrpc.test.internal;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import io.zkrpc.test.ZkRpcKit;
import io.zkrpc.test.ZkRpcTest;

/** The JUnit side of {@link ZkRpcTest}: hands test methods the kit, and undoes the faults after each test. */
public final class ZkRpcKitExtension implements ParameterResolver, AfterEachCallback {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ZkRpcKit.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return kit(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        kit(context).restoreAfterTest();
    }

    private static DefaultZkRpcKit kit(ExtensionContext context) {
        return SpringExtension.getApplicationContext(context).getBean(DefaultZkRpcKit.class);
    }
}
