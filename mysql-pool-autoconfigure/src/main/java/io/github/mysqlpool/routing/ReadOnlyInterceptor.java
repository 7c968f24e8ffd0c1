package io.github.mysqlpool.routing;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link ReadOnly} method inside a read-only routing scope.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReadOnlyInterceptor implements MethodInterceptor {

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		boolean previous = RoutingContext.enterReadOnlyScope();
		try {
			return invocation.proceed();
		}
		finally {
			RoutingContext.restoreReadOnlyScope(previous);
		}
	}

}
