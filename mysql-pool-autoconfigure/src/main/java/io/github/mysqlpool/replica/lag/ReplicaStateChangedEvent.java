package io.github.mysqlpool.replica.lag;

import io.github.mysqlpool.pool.ReplicaStatus;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a replica's state changes, for example from FIT to LAGGING or from DOWN
 * back to FIT.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReplicaStateChangedEvent extends ApplicationEvent {

	private final String pool;

	private final ReplicaStatus previous;

	private final ReplicaStatus current;

	/**
	 * Create the event.
	 * @param source the monitor
	 * @param pool the replica's pool name
	 * @param previous the status before
	 * @param current the status now
	 */
	public ReplicaStateChangedEvent(Object source, String pool, ReplicaStatus previous, ReplicaStatus current) {
		super(source);
		this.pool = pool;
		this.previous = previous;
		this.current = current;
	}

	public String getPool() {
		return this.pool;
	}

	public ReplicaStatus getPrevious() {
		return this.previous;
	}

	public ReplicaStatus getCurrent() {
		return this.current;
	}

	@Override
	public String toString() {
		return "ReplicaStateChangedEvent{" + this.pool + ": " + this.previous.state() + " -> " + this.current.state()
				+ "}";
	}

}
