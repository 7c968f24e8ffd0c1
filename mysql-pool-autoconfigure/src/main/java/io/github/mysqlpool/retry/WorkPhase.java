package io.github.mysqlpool.retry;

/**
 * What the failed attempt was doing on the server when it failed, which decides whether a
 * lost connection leaves the outcome unknown.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum WorkPhase {

	/**
	 * Read-only work: a {@code ReadOnly} method or a read-only transaction whose attempt
	 * began no read-write transaction. Nothing to lose by repeating it.
	 */
	READ,

	/**
	 * A read-write transaction before its COMMIT was sent, or while it was being opened:
	 * if the connection dies now, the server rolls the transaction back.
	 */
	TRANSACTION,

	/**
	 * The COMMIT of a read-write transaction was in flight: if the connection dies now,
	 * the transaction may or may not have been committed.
	 */
	COMMIT,

	/**
	 * Write work outside a transaction: each statement commits on its own, so a statement
	 * whose connection dies may or may not have been applied.
	 */
	AUTOCOMMIT_WRITE

}
