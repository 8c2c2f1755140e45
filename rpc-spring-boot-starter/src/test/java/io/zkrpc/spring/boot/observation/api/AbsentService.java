package io.zkrpc.spring.boot.observation.api;

/** A service no application provides: its calls fail with NO_PROVIDER. */
public interface AbsentService {

    String anything();
}
