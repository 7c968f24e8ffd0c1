package io.github.mysqlpool.routing;

/**
 * What a read does when no replica is fit to serve it.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum ReplicaFallback {

	/**
	 * The primary serves the read.
	 */
	PRIMARY,

	/**
	 * The read fails at once with a {@link NoFitReplicaException}.
	 */
	FAIL

}
