package io.zkrpc.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a {@link ZkRpcStartupException} as its description and action. */
final class ZkRpcStartupFailureAnalyzer extends AbstractFailureAnalyzer<ZkRpcStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ZkRpcStartupException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
