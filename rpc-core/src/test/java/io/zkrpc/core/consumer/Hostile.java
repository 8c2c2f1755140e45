package io.zkrpc.core.consumer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.zkrpc.core.testsupport.Dto;
import io.zkrpc.core.testsupport.ProbeException;

/** The service that {@link HostileProviderTest}'s provider pretends to serve. */
public interface Hostile {

    List<Object> items();

    Dto dto();

    CompletableFuture<Dto> dtoLater();

    int count();

    SlowToBuild slow();

    /** Declares an exception of another package than this interface's. */
    String declared() throws ProbeException;
}
