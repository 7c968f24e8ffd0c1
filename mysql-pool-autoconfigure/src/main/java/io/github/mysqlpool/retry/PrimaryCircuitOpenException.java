package io.github.mysqlpool.retry;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Thrown at once, without calling the primary, while the primary's circuit breaker is
 * open because every recent call to the primary failed.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class PrimaryCircuitOpenException extends TransientDataAccessResourceException {

	/**
	 * Create the exception.
	 * @param method the method that was not run, as {@code Type.method}
	 * @param circuit a description of the circuit's state
	 */
	public PrimaryCircuitOpenException(String method, String circuit) {
		super("Did not run " + method + ": the primary's circuit breaker is open (" + circuit
				+ "), so calls fail fast instead of waiting for a connection");
	}

}
