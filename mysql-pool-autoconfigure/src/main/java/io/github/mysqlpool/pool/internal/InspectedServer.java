package io.github.mysqlpool.pool.internal;

/**
 * What a pool's server said about itself when it was inspected at start-up.
 *
 * @param version product and version
 * @param waitTimeoutSeconds {@code @@wait_timeout}: how long the server keeps an idle
 * connection open
 * @param maxConnections {@code @@max_connections}
 * @author mysql-pool team
 * @since 0.1.0
 */
public record InspectedServer(ServerFlavor version, long waitTimeoutSeconds, long maxConnections) {

}
