package io.github.mysqlpool.routing;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Per-thread routing state read on every borrow: whether the current work is read-only,
 * and the largest replication lag it accepts.
 * <p>
 * The flag thread locals only ever hold {@code null} or the {@link Boolean} constants,
 * and are reset with {@code set(null)} rather than {@code remove()}, and the lag bound
 * lives in a mutable holder created once per thread, so that neither entering a scope nor
 * reading it allocates (as {@code TransactionSynchronizationManager} does).
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class RoutingContext {

	private static final ThreadLocal<Boolean> readOnlyScope = new ThreadLocal<>();

	private static final ThreadLocal<Boolean> beginningTransactionReadOnly = new ThreadLocal<>();

	private static final ThreadLocal<LagBound> lagBound = ThreadLocal.withInitial(LagBound::new);

	private RoutingContext() {
	}

	/**
	 * Whether a connection borrowed now should come from a replica.
	 * @return {@code true} for a read-only route
	 */
	public static boolean isReadOnlyRoute() {
		if (readOnlyScope.get() != null) {
			return true;
		}
		// A transaction manager fetches its connection in doBegin, before it publishes
		// the
		// transaction's read-only flag: TransactionRoutingListener records it for us.
		Boolean beginning = beginningTransactionReadOnly.get();
		if (beginning != null) {
			return beginning;
		}
		return TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.isCurrentTransactionReadOnly();
	}

	/**
	 * Whether the current thread is inside a {@link ReadOnly} scope.
	 * @return {@code true} inside the scope
	 */
	public static boolean isReadOnlyScope() {
		return readOnlyScope.get() != null;
	}

	/**
	 * Enter a read-only scope.
	 * @return the previous state, to hand to {@link #restoreReadOnlyScope(boolean)}
	 */
	public static boolean enterReadOnlyScope() {
		boolean previous = readOnlyScope.get() != null;
		readOnlyScope.set(Boolean.TRUE);
		return previous;
	}

	/**
	 * Restore the scope state returned by {@link #enterReadOnlyScope()}.
	 * @param previous the state before the scope was entered
	 */
	public static void restoreReadOnlyScope(boolean previous) {
		readOnlyScope.set(previous ? Boolean.TRUE : null);
	}

	/**
	 * Largest replication lag the current read accepts, set by {@link ReadOnly#maxLag()}.
	 * @return the bound in milliseconds, {@link ReplicaSnapshot#UNKNOWN_LAG} for none
	 */
	public static long maxLagMillis() {
		return lagBound.get().millis;
	}

	/**
	 * Narrow the lag bound of the current thread; an enclosing scope's tighter bound
	 * stays in force.
	 * @param maxLagMillis the bound in milliseconds, {@link ReplicaSnapshot#UNKNOWN_LAG}
	 * for none
	 * @return the previous bound, to hand to {@link #restoreMaxLag(long)}
	 */
	public static long narrowMaxLag(long maxLagMillis) {
		LagBound bound = lagBound.get();
		long previous = bound.millis;
		bound.millis = Math.min(previous, maxLagMillis);
		return previous;
	}

	/**
	 * Restore the bound returned by {@link #narrowMaxLag(long)}.
	 * @param previous the bound before
	 */
	public static void restoreMaxLag(long previous) {
		lagBound.get().millis = previous;
	}

	/**
	 * Whether the current thread is running a transaction, or is beginning one and
	 * fetching its connection.
	 * @return {@code true} inside a transaction
	 */
	public static boolean isInTransaction() {
		return beginningTransactionReadOnly.get() != null
				|| TransactionSynchronizationManager.isActualTransactionActive();
	}

	static void transactionBeginning(boolean readOnly) {
		beginningTransactionReadOnly.set(readOnly ? Boolean.TRUE : Boolean.FALSE);
	}

	static void transactionBegun() {
		beginningTransactionReadOnly.set(null);
	}

	/**
	 * Mutable per-thread holder of the lag bound, created once per thread so that setting
	 * the bound neither boxes nor allocates.
	 */
	private static final class LagBound {

		private long millis = ReplicaSnapshot.UNKNOWN_LAG;

	}

}
