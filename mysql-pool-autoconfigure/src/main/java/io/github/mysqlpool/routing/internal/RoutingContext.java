package io.github.mysqlpool.routing.internal;

import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.routing.ReplicaSnapshot;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Per-thread routing state read on every borrow: whether the current work is read-only,
 * and the largest replication lag it accepts.
 * <p>
 * All of it lives in one mutable holder created once per thread, so that a borrow looks
 * one thread local up and neither entering a scope nor reading it allocates (as
 * {@code TransactionSynchronizationManager} would).
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class RoutingContext {

	private static final byte NOT_BEGINNING = 0;

	private static final byte BEGINNING_READ_ONLY = 1;

	private static final byte BEGINNING_READ_WRITE = 2;

	private static final ThreadLocal<State> state = ThreadLocal.withInitial(State::new);

	private RoutingContext() {
	}

	/**
	 * Whether a connection borrowed now should come from a replica.
	 * @return {@code true} for a read-only route
	 */
	public static boolean isReadOnlyRoute() {
		return state.get().isReadOnlyRoute();
	}

	/**
	 * The current thread's state, for the borrow path to look it up once.
	 * @return the state
	 */
	static State current() {
		return state.get();
	}

	/**
	 * Whether the current thread is inside a {@link ReadOnly} scope.
	 * @return {@code true} inside the scope
	 */
	public static boolean isReadOnlyScope() {
		return state.get().readOnlyScope;
	}

	/**
	 * Enter a read-only scope.
	 * @return the previous state, to hand to {@link #restoreReadOnlyScope(boolean)}
	 */
	public static boolean enterReadOnlyScope() {
		State current = state.get();
		boolean previous = current.readOnlyScope;
		current.readOnlyScope = true;
		return previous;
	}

	/**
	 * Restore the scope state returned by {@link #enterReadOnlyScope()}.
	 * @param previous the state before the scope was entered
	 */
	public static void restoreReadOnlyScope(boolean previous) {
		state.get().readOnlyScope = previous;
	}

	/**
	 * Largest replication lag the current read accepts, set by {@link ReadOnly#maxLag()}.
	 * @return the bound in milliseconds, {@link ReplicaSnapshot#UNKNOWN_LAG} for none
	 */
	public static long maxLagMillis() {
		return state.get().maxLagMillis;
	}

	/**
	 * Narrow the lag bound of the current thread; an enclosing scope's tighter bound
	 * stays in force.
	 * @param maxLagMillis the bound in milliseconds, {@link ReplicaSnapshot#UNKNOWN_LAG}
	 * for none
	 * @return the previous bound, to hand to {@link #restoreMaxLag(long)}
	 */
	public static long narrowMaxLag(long maxLagMillis) {
		State current = state.get();
		long previous = current.maxLagMillis;
		current.maxLagMillis = Math.min(previous, maxLagMillis);
		return previous;
	}

	/**
	 * Restore the bound returned by {@link #narrowMaxLag(long)}.
	 * @param previous the bound before
	 */
	public static void restoreMaxLag(long previous) {
		state.get().maxLagMillis = previous;
	}

	/**
	 * Whether the current thread is running a transaction, or is beginning one and
	 * fetching its connection.
	 * @return {@code true} inside a transaction
	 */
	public static boolean isInTransaction() {
		return state.get().isInTransaction();
	}

	static void transactionBeginning(boolean readOnly) {
		state.get().beginning = readOnly ? BEGINNING_READ_ONLY : BEGINNING_READ_WRITE;
	}

	static void transactionBegun() {
		state.get().beginning = NOT_BEGINNING;
	}

	/**
	 * One thread's routing state.
	 */
	static final class State {

		private boolean readOnlyScope;

		/**
		 * Whether a transaction is beginning and fetching its connection, and whether it
		 * is read-only: a transaction manager fetches its connection in doBegin, before
		 * it publishes the read-only flag, so {@link TransactionRoutingListener} records
		 * it for us.
		 */
		private byte beginning = NOT_BEGINNING;

		private long maxLagMillis = ReplicaSnapshot.UNKNOWN_LAG;

		boolean isReadOnlyRoute() {
			if (this.readOnlyScope) {
				return true;
			}
			byte beginning = this.beginning;
			if (beginning != NOT_BEGINNING) {
				return beginning == BEGINNING_READ_ONLY;
			}
			return TransactionSynchronizationManager.isActualTransactionActive()
					&& TransactionSynchronizationManager.isCurrentTransactionReadOnly();
		}

		boolean isInTransaction() {
			return this.beginning != NOT_BEGINNING || TransactionSynchronizationManager.isActualTransactionActive();
		}

		long maxLagMillis() {
			return this.maxLagMillis;
		}

	}

}
