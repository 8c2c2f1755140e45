package io.zkrpc.core.consumer;

import io.zkrpc.core.testsupport.Dto;

/** Narrows {@link Lookup} to {@link Dto}; javac adds a bridge {@code Object lookup(int)}. */
public interface DtoLookup extends Lookup<Dto> {

    @Override
    Dto lookup(int id);
}
