package io.zkrpc.core.internal.codec;

import java.io.IOException;
import java.io.OutputStream;

import com.alibaba.fastjson2.JSONWriter;

/**
 * A value encoded into the encoder's own buffer (pooled by fastjson2), written from there once:
 * the answer needs no array of its own and no copy. Until written, {@link #size()} says its
 * length, so that the transport can announce it.
 */
public final class EncodedJson {

    private JSONWriter writer;

    EncodedJson(JSONWriter writer) {
        this.writer = writer;
    }

    /** Its length in bytes. */
    public int size() {
        return open().size();
    }

    /** A copy of its bytes, leaving it unwritten. */
    public byte[] toBytes() {
        return open().getBytes();
    }

    /** Writes it to {@code out} and gives its buffer back; at most once. */
    public void writeTo(OutputStream out) throws IOException {
        JSONWriter open = open();
        writer = null;
        try (open) {
            open.flushTo(out);
        }
    }

    private JSONWriter open() {
        if (writer == null) {
            throw new IllegalStateException("Written already");
        }
        return writer;
    }
}
