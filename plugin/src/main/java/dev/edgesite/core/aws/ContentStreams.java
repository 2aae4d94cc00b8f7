package dev.edgesite.core.aws;

import dev.edgesite.core.sync.ContentSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.http.ContentStreamProvider;

/** Request bodies read from a site file, whole or a slice of it, reopened on every retry. */
final class ContentStreams {
    private ContentStreams() {}

    static ContentStreamProvider slice(ContentSource source, long offset, long length) {
        return ContentStreamProvider.fromInputStreamSupplier(() -> {
            try {
                InputStream in = source.open();
                in.skipNBytes(offset);
                return new Slice(in, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** At most {@code length} bytes of a stream. */
    private static final class Slice extends FilterInputStream {
        private long left;

        Slice(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
