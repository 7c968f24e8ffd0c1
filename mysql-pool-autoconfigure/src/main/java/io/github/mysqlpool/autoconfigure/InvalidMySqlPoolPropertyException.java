package io.github.mysqlpool.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when a {@code mysql-pool.*} property has a value the starter cannot
 * work with. The message names the property and never holds a password.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class InvalidMySqlPoolPropertyException extends RuntimeException {

	private final String property;

	private final @Nullable Object value;

	private final String action;

	/**
	 * Create the exception.
	 * @param property the full property name, for example {@code mysql-pool.primary.url}
	 * @param value the offending value, or {@code null} when the property is missing
	 * @param problem what is wrong with it
	 * @param action how to fix it
	 */
	public InvalidMySqlPoolPropertyException(String property, @Nullable Object value, String problem, String action) {
		super("Invalid " + property + ((value != null) ? " '" + value + "'" : "") + ": " + problem);
		this.property = property;
		this.value = value;
		this.action = action;
	}

	public String getProperty() {
		return this.property;
	}

	public @Nullable Object getValue() {
		return this.value;
	}

	public String getAction() {
		return this.action;
	}

}
