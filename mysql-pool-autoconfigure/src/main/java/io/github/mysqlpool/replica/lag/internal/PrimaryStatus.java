package io.github.mysqlpool.replica.lag.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the monitor knows of the primary.
 *
 * @param up whether the last probe (or heartbeat write) succeeded; {@code true} before
 * the first one
 * @param lastProbe when it was last probed, {@code null} when never
 * @param lastError the last probe's error, {@code null} when it succeeded
 * @author mysql-pool team
 * @since 0.1.0
 */
public record PrimaryStatus(boolean up, @Nullable Instant lastProbe, @Nullable String lastError) {

	/**
	 * Before the first probe: taken as up.
	 */
	public static final PrimaryStatus UNPROBED = new PrimaryStatus(true, null, null);

}
