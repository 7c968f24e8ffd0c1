package io.github.mysqlpool.routing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sends the database work of the annotated method, or of every method of the annotated
 * class or interface, to a replica.
 * <p>
 * Outside a transaction no transaction is opened: each statement runs with autocommit on
 * a replica connection, one round trip per read, also inside a
 * {@code propagation = SUPPORTS} or {@code NOT_SUPPORTED} scope, whose connection the
 * method neither uses nor replaces. Transactions that start inside the method are read
 * from a replica too, so a write there fails with the server's read-only error instead of
 * being sent elsewhere; when the primary serves the read (no replica fit, or
 * read-your-writes), its connection is read-only for the method as well. Inside a
 * read-write transaction that is already running, the work stays on that transaction's
 * primary connection. Use {@code @Transactional(readOnly = true)} where several reads
 * must see one consistent snapshot.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface ReadOnly {

	/**
	 * Largest replication lag this work accepts, such as {@code 500ms} or {@code 2s}:
	 * replicas whose last measured lag is higher are skipped for it, and when none is
	 * left the read falls back as {@code mysql-pool.replication.fallback} says. Empty
	 * (the default) keeps the global {@code mysql-pool.replication.max-lag}. A bound set
	 * by an enclosing {@code @ReadOnly} method stays in force when it is tighter.
	 * @return the bound, empty for none
	 */
	String maxLag() default "";

}
