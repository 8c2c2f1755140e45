package io.zkrpc.core.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.provider.RequestLimits;

/** Issue 10, part 1: the body is read within a size limit and a time limit. */
class RequestBodyTest {

    private static final int MAX = 8 * 1024 * 1024;

    /** 30 s in all, and 1 KiB/s after 5 s. */
    private static final RequestLimits LIMITS = new RequestLimits(64, 100, 1024, 100, 8, Duration.ofSeconds(30), 1024,
            Duration.ofSeconds(5));

    private long now;

    /** Gives {@code chunk} bytes per read, {@code seconds} after the previous read, up to {@code total}. */
    private InputStream slow(int chunk, int seconds, int total) {
        return new InputStream() {
            int sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= total) {
                    return -1;
                }
                now += TimeUnit.SECONDS.toNanos(seconds);
                int n = Math.min(Math.min(chunk, len), total - sent);
                Arrays.fill(b, off, off + n, (byte) ' ');
                sent += n;
                return n;
            }
        };
    }

    @Test
    void anAnnouncedLengthIsNeverAllocatedBeforeItsBytesArrive() throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(() -> RequestBody.read(new ByteArrayInputStream(new byte[100]), MAX, MAX, LIMITS, System::nanoTime))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.BAD_REQUEST));

        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1024 * 1024);
    }

    @Test
    void aBodyGrowsToItsRealSizeWhateverItsAnnouncedLength() throws IOException {
        byte[] body = new byte[300_000];
        Arrays.fill(body, (byte) 'x');

        assertThat(RequestBody.read(new ByteArrayInputStream(body), -1, MAX, LIMITS, System::nanoTime)).isEqualTo(body);
        assertThat(RequestBody.read(new ByteArrayInputStream(body), body.length, MAX, LIMITS, System::nanoTime)).isEqualTo(body);
    }

    @Test
    void aTrickleIsDroppedOnceTheGraceIsOverAndItIsBelowTheMinimumRate() {
        InputStream trickle = slow(1, 2, 1_000);

        assertThatThrownBy(() -> RequestBody.read(trickle, 1_000, MAX, LIMITS, () -> now))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.BAD_REQUEST));
        assertThat(TimeUnit.NANOSECONDS.toSeconds(now)).isEqualTo(6);
    }

    @Test
    void aBodyPastItsDeadlineIsDroppedEvenAtAGoodRate() {
        InputStream steady = slow(10_000, 1, 1_000_000);

        assertThatThrownBy(() -> RequestBody.read(steady, -1, MAX, LIMITS, () -> now))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.BAD_REQUEST));
        assertThat(TimeUnit.NANOSECONDS.toSeconds(now)).isEqualTo(31);
    }

    @Test
    void aSmallBodyThatStartsLateWithinTheGraceIsRead() throws IOException {
        assertThat(RequestBody.read(slow(200, 4, 200), -1, MAX, LIMITS, () -> now)).hasSize(200);
        assertThat(RequestBody.read(slow(200, 4, 200), 200, MAX, LIMITS, () -> now)).hasSize(200);
    }

    @Test
    void aPooledBufferIsNeverReadPastTheAnnouncedLengthNorPastTheLimit() throws IOException {
        // A first, large body leaves a large buffer in this thread's slot.
        RequestBody.release(RequestBody.readPooled(new ByteArrayInputStream(new byte[64 * 1024]), -1, MAX, LIMITS, System::nanoTime));
        ByteArrayInputStream announced = new ByteArrayInputStream(new byte[1000]);
        ByteArrayInputStream unannounced = new ByteArrayInputStream(new byte[1000]);

        RequestBody.Bytes read = RequestBody.readPooled(announced, 100, MAX, LIMITS, System::nanoTime);
        RequestBody.release(read);
        assertThatThrownBy(() -> RequestBody.readPooled(unannounced, -1, 200, LIMITS, System::nanoTime))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.PAYLOAD_TOO_LARGE));

        assertThat(read.length()).isEqualTo(100);
        assertThat(read.array().length).as("the pooled buffer").isGreaterThanOrEqualTo(64 * 1024);
        assertThat(announced.available()).as("bytes left unread beyond the announced length").isEqualTo(900);
        assertThat(unannounced.available()).as("bytes left unread beyond the limit and one").isEqualTo(1000 - 201);
    }
}
