package io.zkrpc.benchmark.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.TypeReference;

import io.zkrpc.benchmark.jvm.JvmMemory.HeapAfterGc;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The provider's measuring endpoints ({@code /bench/alloc}, {@code /bench/gc}), on a client of their own. */
final class ProviderControl implements AutoCloseable {

    private static final Type ALLOCATIONS = new TypeReference<Map<Long, Long>>() { }.getType();

    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
    private final HttpUrl alloc;
    private final HttpUrl gc;

    ProviderControl(String providerUrl) {
        HttpUrl base = HttpUrl.get(providerUrl);
        this.alloc = base.newBuilder().addPathSegments("bench/alloc").build();
        this.gc = base.newBuilder().addPathSegments("bench/gc").build();
    }

    /** Bytes allocated so far by each of the provider's live threads, by thread id. */
    Map<Long, Long> allocatedBytesByThread() {
        return JSON.parseObject(send(new Request.Builder().url(alloc).get().build()), ALLOCATIONS);
    }

    /** Runs a full GC in the provider and answers its heap right after. */
    HeapAfterGc collect() {
        return JSON.parseObject(send(new Request.Builder().url(gc).post(RequestBody.create(new byte[0], null)).build()), HeapAfterGc.class);
    }

    private byte[] send(Request request) {
        try (Response response = http.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IllegalStateException("HTTP " + response.code() + " from " + request.url());
            }
            return response.body().bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.url() + " failed", e);
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
