package io.github.mysqlpool.embedded;

/**
 * Thrown when an embedded MariaDB server cannot be prepared, started, reached or brought
 * back in sync.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class EmbeddedMariaDbException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create a new exception.
	 * @param message the detail message
	 */
	public EmbeddedMariaDbException(String message) {
		super(message);
	}

	/**
	 * Create a new exception.
	 * @param message the detail message
	 * @param cause the cause
	 */
	public EmbeddedMariaDbException(String message, Throwable cause) {
		super(message, cause);
	}

}
