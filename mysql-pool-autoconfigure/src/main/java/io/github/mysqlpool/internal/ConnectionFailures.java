package io.github.mysqlpool.internal;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * Tells a failure to reach a server from other SQL errors: SQLState class 08 (connection
 * exception) anywhere in the cause chain, or a socket error. A pool that is merely
 * exhausted is not a connection failure: HikariCP's timeout then carries no SQLState and
 * no cause, and sending its reads elsewhere would only move the overload.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class ConnectionFailures {

	private static final int MAX_DEPTH = 10;

	private ConnectionFailures() {
	}

	/**
	 * Whether the exception says the server could not be reached.
	 * @param failure the exception
	 * @return {@code true} for a connection failure
	 */
	public static boolean isConnectionFailure(@Nullable Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			if (current instanceof SQLException sqlException) {
				String state = sqlException.getSQLState();
				if (state != null && state.startsWith("08")) {
					return true;
				}
			}
			if (current instanceof SocketException || current instanceof SocketTimeoutException) {
				return true;
			}
			current = current.getCause();
		}
		return false;
	}

}
