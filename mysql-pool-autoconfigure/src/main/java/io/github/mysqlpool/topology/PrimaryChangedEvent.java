package io.github.mysqlpool.topology;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the server that takes the writes changes: a switchover or failover was
 * followed, the primary turned read-only with no other writer, or a writer is found
 * again.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class PrimaryChangedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final @Nullable String previous;

	private final @Nullable String current;

	private final String cause;

	/**
	 * Create the event.
	 * @param source the topology monitor
	 * @param previous the server that took writes before, {@code null} for none
	 * @param current the server that takes writes now, {@code null} for none
	 * @param cause what the probes found
	 */
	public PrimaryChangedEvent(Object source, @Nullable String previous, @Nullable String current, String cause) {
		super(source);
		this.previous = previous;
		this.current = current;
		this.cause = cause;
	}

	/**
	 * The server that took the writes before the change.
	 * @return its name, {@code null} when none did
	 */
	public @Nullable String getPrevious() {
		return this.previous;
	}

	/**
	 * The server that takes the writes now.
	 * @return its name, {@code null} while none does
	 */
	public @Nullable String getCurrent() {
		return this.current;
	}

	/**
	 * Why the writer changed.
	 * @return what the probes found
	 */
	public String getCause() {
		return this.cause;
	}

	@Override
	public String toString() {
		return "PrimaryChangedEvent{" + this.previous + " -> " + this.current + ": " + this.cause + "}";
	}

}
