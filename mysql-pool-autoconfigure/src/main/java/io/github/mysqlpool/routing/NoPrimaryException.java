package io.github.mysqlpool.routing;

import java.sql.SQLTransientConnectionException;

/**
 * Thrown at once for a write while no server takes writes: during a switchover or
 * failover, after the old primary turned read-only or died and before a new one is
 * writable, or while two servers are writable and neither is the known primary. The write
 * was never sent, so repeating it is safe; {@code @RetryableTransaction} methods are
 * repeated until a writer is found or their retry budget runs out.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class NoPrimaryException extends SQLTransientConnectionException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create the exception.
	 * @param reason why no server takes writes
	 */
	public NoPrimaryException(String reason) {
		super("No server takes writes now (" + reason + "); the write was not sent", "08001");
	}

}
