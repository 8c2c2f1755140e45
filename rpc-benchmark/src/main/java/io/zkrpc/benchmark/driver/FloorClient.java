package io.zkrpc.benchmark.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.TypeReference;

import io.zkrpc.benchmark.api.BenchDto;
import io.zkrpc.benchmark.api.BenchService;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The floor's client: what a careful engineer writes by hand. One shared OkHttp client with a pool
 * as large as zkrpc's, idle connections dropped after 15 s (before Tomcat's 20 s keep-alive drops
 * them), a fixed URL per method, the argument as the JSON body and the JSON answer
 * read as the declared type, fastjson2 on raw bytes; no proxy, no registry, no balancing.
 */
final class FloorClient implements BenchService, AutoCloseable {

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final Type DTO_LIST = new TypeReference<List<BenchDto>>() { }.getType();

    private final OkHttpClient http;
    private final HttpUrl findById;
    private final HttpUrl echo;
    private final HttpUrl list;
    private final HttpUrl blob;

    /**
     * @param providerUrl the provider's base URL, {@code http://127.0.0.1:PORT}
     * @param path the floor's path on it: {@code floor} or {@code floor-servlet}
     * @param timeout each call's timeout, the same as zkrpc's
     * @param connectTimeout the connect timeout, the same as zkrpc's
     * @param maxIdleConnections the pool's size, the same as zkrpc's
     */
    FloorClient(String providerUrl, String path, Duration timeout, Duration connectTimeout, int maxIdleConnections) {
        this.http = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .callTimeout(timeout)
                .connectionPool(new ConnectionPool(maxIdleConnections, 15, TimeUnit.SECONDS))
                .build();
        HttpUrl floor = HttpUrl.get(providerUrl).newBuilder().addPathSegment(path).build();
        this.findById = floor.newBuilder().addPathSegment("findById").build();
        this.echo = floor.newBuilder().addPathSegment("echo").build();
        this.list = floor.newBuilder().addPathSegment("list").build();
        this.blob = floor.newBuilder().addPathSegment("blob").build();
    }

    @Override
    public BenchDto findById(int id) {
        return JSON.parseObject(post(findById, JSON.toJSONBytes(id)), BenchDto.class);
    }

    @Override
    public String echo(String payload) {
        return JSON.parseObject(post(echo, JSON.toJSONBytes(payload)), String.class);
    }

    @Override
    public List<BenchDto> list(int count) {
        return JSON.parseObject(post(list, JSON.toJSONBytes(count)), DTO_LIST);
    }

    @Override
    public String blob(int size) {
        return JSON.parseObject(post(blob, JSON.toJSONBytes(size)), String.class);
    }

    private byte[] post(HttpUrl url, byte[] body) {
        Request request = new Request.Builder().url(url).post(RequestBody.create(body, JSON_TYPE)).build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IllegalStateException("HTTP " + response.code() + " from " + url);
            }
            return response.body().bytes();
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + url + " failed", e);
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
