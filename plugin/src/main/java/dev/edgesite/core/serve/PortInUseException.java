package dev.edgesite.core.serve;

/** Serve could not listen on its port: another program has it. */
public final class PortInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int port;

    PortInUseException(int port, Throwable cause) {
        super("Port " + port + " on 127.0.0.1 is in use by another program", cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
