package io.github.mysqlpool.retry.internal;

import org.aopalliance.intercept.MethodInvocation;

/**
 * Makes the invocation each later attempt of a retried call proceeds with: the rest of
 * the advice chain after the retry's interceptor, then the method. Used only once the
 * first attempt, which proceeds with the intercepted invocation itself, has failed, or,
 * as a clone of the intercepted invocation, for proxies that do not tell their advice
 * chain.
 *
 * @author mysql-pool team
 * @see RebuiltInvocations
 */
@FunctionalInterface
interface AttemptInvocations {

	/**
	 * A new invocation for the next attempt.
	 * @return the invocation
	 * @throws Throwable when it cannot be made
	 */
	MethodInvocation next() throws Throwable;

}
