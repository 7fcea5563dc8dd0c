package org.parcoursnumerique.study;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Writes what it is given as rows of {@code study_export_chunk} of about {@value #SIZE} bytes each. */
final class ChunkOutputStream extends OutputStream {

    static final int SIZE = 1 << 20;

    private final JdbcClient jdbc;
    private final long exportId;
    private final String file;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(SIZE);
    private int seq;
    private long bytes;

    ChunkOutputStream(JdbcClient jdbc, long exportId, String file) {
        this.jdbc = jdbc;
        this.exportId = exportId;
        this.file = file;
    }

    @Override
    public void write(int b) {
        buffer.write(b);
        if (buffer.size() >= SIZE) {
            store();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        buffer.write(b, off, len);
        if (buffer.size() >= SIZE) {
            store();
        }
    }

    @Override
    public void close() {
        if (buffer.size() > 0) {
            store();
        }
    }

    /** Bytes stored so far (compressed). */
    long bytes() {
        return bytes;
    }

    private void store() {
        byte[] content = buffer.toByteArray();
        jdbc.sql("INSERT INTO study_export_chunk (export_id, file, seq, content) VALUES (:e, :f, :s, :c)")
                .param("e", exportId).param("f", file).param("s", seq++).param("c", content).update();
        bytes += content.length;
        buffer.reset();
    }
}
