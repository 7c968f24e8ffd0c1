package io.github.mysqlpool.topology;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the last probe of a server found about its role.
 *
 * @param server the server's name (the name of its pool in its configured role)
 * @param reachable whether the server answered
 * @param writable whether it takes writes ({@code read_only} and {@code innodb_read_only}
 * both off), {@code null} when not known
 * @param replicatesFrom the host and port it replicates from, {@code null} when it does
 * not replicate or that is not known
 * @param error why the server was not reached or its role is not known
 * @param probedAt when the probe ran, {@code null} before the first probe
 * @author mysql-pool team
 * @since 0.1.0
 */
public record ServerRole(String server, boolean reachable, @Nullable Boolean writable, @Nullable String replicatesFrom,
		@Nullable String error, @Nullable Instant probedAt) {

	/**
	 * Whether the server answered and takes writes.
	 * @return {@code true} for a reachable, writable server
	 */
	public boolean isWritable() {
		return this.reachable && Boolean.TRUE.equals(this.writable);
	}

}
