package io.github.mysqlpool.routing;

import java.sql.SQLException;

/**
 * Thrown when a read must be served by a replica, none is fit, and
 * {@code mysql-pool.replication.fallback} is {@code fail}. The message says why each
 * replica is out.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class NoFitReplicaException extends SQLException {

	/**
	 * Create the exception.
	 * @param message why no replica could serve the read
	 */
	public NoFitReplicaException(String message) {
		super(message);
	}

}
