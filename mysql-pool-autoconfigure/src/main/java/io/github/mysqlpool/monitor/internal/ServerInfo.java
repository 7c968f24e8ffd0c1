package io.github.mysqlpool.monitor.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a pool's server says about itself. Read with a short-lived connection of its own,
 * so that a saturated pool does not keep it from being read.
 *
 * @param hostPort host and port the pool connects to
 * @param url the pool's JDBC URL without credentials
 * @param flavor {@code MySQL} or {@code MariaDB}
 * @param version the server version, for example {@code 11.4.5-MariaDB-log}
 * @param maxConnections the server's {@code max_connections}
 * @param threadsConnected the server's {@code Threads_connected} status
 * @param waitTimeoutSeconds the server's global {@code wait_timeout}
 * @param uptimeSeconds the server's {@code Uptime} status
 * @param readAt when these figures were read
 * @param error why the last read failed, {@code null} when it succeeded
 * @author mysql-pool team
 * @since 0.1.0
 */
public record ServerInfo(@Nullable String hostPort, @Nullable String url, @Nullable String flavor,
		@Nullable String version, @Nullable Long maxConnections, @Nullable Long threadsConnected,
		@Nullable Long waitTimeoutSeconds, @Nullable Long uptimeSeconds, @Nullable Instant readAt,
		@Nullable String error) {

	/**
	 * A copy of the last successful read that records a failed attempt.
	 * @param message why the read failed
	 * @param at when it failed
	 * @return the copy
	 */
	ServerInfo withError(String message, Instant at) {
		return new ServerInfo(this.hostPort, this.url, this.flavor, this.version, this.maxConnections,
				this.threadsConnected, this.waitTimeoutSeconds, this.uptimeSeconds, at, message);
	}

}
