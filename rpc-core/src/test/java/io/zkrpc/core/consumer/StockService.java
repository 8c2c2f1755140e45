package io.zkrpc.core.consumer;

import java.util.Date;
import java.time.LocalDateTime;
import java.util.Map;

import io.zkrpc.core.testsupport.Color;
import io.zkrpc.core.testsupport.ForeignFailure;

/** The service of the wire-fidelity tests: what a newcomer's API carries. */
public interface StockService {

    /** Throws {@link SoldOutException} when {@code quantity} is more than 3. */
    int reserve(String item, int quantity) throws SoldOutException;

    /** Throws {@link TamperedException}. */
    void inspect() throws TamperedException;

    /** Throws {@link RecountedException}. */
    void recount() throws RecountedException;

    /** Throws {@link LeakyException}. */
    void leak() throws LeakyException;

    /** Throws {@link BulkyException}. */
    void bulk() throws BulkyException;

    /** Throws {@link ForeignFailure}, which it does not declare. */
    void foreign();

    /** Throws {@link ForeignFailure}, which it declares. */
    void foreignDeclared() throws ForeignFailure;

    /** Items by rank, in rank order. */
    Map<String, Integer> ranking();

    /** When the stock was counted. */
    Counted counted();

    /** The colour of the month. */
    Color colour();

    /** A record with dates. */
    record Counted(LocalDateTime at, Date legacy) {
    }
}
