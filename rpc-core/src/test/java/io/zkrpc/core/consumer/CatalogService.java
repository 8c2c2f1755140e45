package io.zkrpc.core.consumer;

import java.util.List;
import java.util.Map;

import io.zkrpc.core.testsupport.Dto;

/** The service the end-to-end tests call. */
public interface CatalogService {

    String find(int id);

    String find(String name);

    List<Dto> list(int n);

    Map<String, Dto> index(List<Dto> dtos);

    void touch(String key);

    /** Throws {@link CatalogException} with {@code message}. */
    String fail(String message);

    /** Throws {@link OutOfStockException} when {@code quantity} is more than 3. */
    int reserve(int quantity) throws OutOfStockException;

    /** Throws {@link OutOfStockException} although it does not declare it. */
    void undeclared();

    /** Throws an exception whose class the consumer cannot load. */
    void unloadable();

    /** Returns once the test releases it. */
    String slow();
}
