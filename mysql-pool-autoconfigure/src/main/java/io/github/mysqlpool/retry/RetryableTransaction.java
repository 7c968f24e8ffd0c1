package io.github.mysqlpool.retry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A {@link Transactional @Transactional} method, or every method of a class or interface,
 * whose transaction is retried as a whole, on a new connection, after a transient MySQL
 * failure.
 * <p>
 * A failed attempt is repeated only when it is safe: the server rolled the transaction
 * back (deadlock, lock wait timeout), the work never reached the server (no connection,
 * too many connections, a read-only server after a failover), or the connection died
 * before COMMIT was sent (the server rolls back an uncommitted transaction). When the
 * connection is lost while COMMIT is in flight, the outcome is unknown: the caller gets a
 * {@link MySqlOutcomeUnknownException} and nothing is repeated, unless the method is
 * marked {@link #idempotent()}. Errors such as a syntax error or a duplicate key are
 * never retried.
 * <p>
 * Called inside a transaction that is already running, the method joins it and is not
 * retried on its own: the outermost boundary retries. Attributes left at their defaults
 * take the {@code mysql-pool.retry.*} settings.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@Transactional
public @interface RetryableTransaction {

	/**
	 * Whether repeating the method is harmless even when an earlier attempt may have
	 * committed (for example an upsert keyed by a unique request id), so that it is also
	 * retried when the outcome of an attempt is unknown.
	 * @return whether the method is idempotent
	 */
	boolean idempotent() default false;

	/**
	 * Maximum number of attempts, the first one included; {@code -1} for
	 * {@code mysql-pool.retry.max-attempts}.
	 * @return the maximum number of attempts
	 */
	int maxAttempts() default -1;

	/**
	 * Back-off before the second attempt, such as {@code 100ms}; empty for
	 * {@code mysql-pool.retry.delay}.
	 * @return the first back-off
	 */
	String delay() default "";

	/**
	 * Factor applied to the back-off after each attempt; {@code -1} for
	 * {@code mysql-pool.retry.multiplier}.
	 * @return the multiplier
	 */
	double multiplier() default -1;

	/**
	 * Upper bound of one back-off, such as {@code 2s}; empty for
	 * {@code mysql-pool.retry.max-delay}.
	 * @return the maximum back-off
	 */
	String maxDelay() default "";

	/**
	 * Random variation of the back-off, such as {@code 25ms}; empty for
	 * {@code mysql-pool.retry.jitter}.
	 * @return the jitter
	 */
	String jitter() default "";

	/**
	 * Time after which no further attempt starts, such as {@code 5s}; empty for
	 * {@code mysql-pool.retry.max-elapsed-time}.
	 * @return the maximum elapsed time
	 */
	String maxElapsedTime() default "";

	/**
	 * Name of the transaction manager to use.
	 * @return the transaction manager's bean name or qualifier
	 * @see Transactional#transactionManager()
	 */
	@AliasFor(annotation = Transactional.class, attribute = "transactionManager")
	String transactionManager() default "";

	/**
	 * Propagation of the transaction.
	 * @return the propagation
	 * @see Transactional#propagation()
	 */
	@AliasFor(annotation = Transactional.class, attribute = "propagation")
	Propagation propagation() default Propagation.REQUIRED;

	/**
	 * Isolation level of the transaction.
	 * @return the isolation level
	 * @see Transactional#isolation()
	 */
	@AliasFor(annotation = Transactional.class, attribute = "isolation")
	Isolation isolation() default Isolation.DEFAULT;

	/**
	 * Timeout of each transaction in seconds.
	 * @return the timeout of one attempt's transaction
	 * @see Transactional#timeout()
	 */
	@AliasFor(annotation = Transactional.class, attribute = "timeout")
	int timeout() default -1;

	/**
	 * Whether the transaction is read-only; it is then routed to a replica and retried
	 * like a {@link io.github.mysqlpool.routing.ReadOnly} read.
	 * @return whether the transaction is read-only
	 * @see Transactional#readOnly()
	 */
	@AliasFor(annotation = Transactional.class, attribute = "readOnly")
	boolean readOnly() default false;

	/**
	 * Exception types that roll the transaction back, besides unchecked ones.
	 * @return the exception types
	 * @see Transactional#rollbackFor()
	 */
	@AliasFor(annotation = Transactional.class, attribute = "rollbackFor")
	Class<? extends Throwable>[] rollbackFor() default {};

	/**
	 * Exception types that do not roll the transaction back.
	 * @return the exception types
	 * @see Transactional#noRollbackFor()
	 */
	@AliasFor(annotation = Transactional.class, attribute = "noRollbackFor")
	Class<? extends Throwable>[] noRollbackFor() default {};

}
