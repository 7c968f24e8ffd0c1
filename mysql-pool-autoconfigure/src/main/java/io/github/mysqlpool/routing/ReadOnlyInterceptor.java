package io.github.mysqlpool.routing;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Runs a {@link ReadOnly} method inside a read-only routing scope, with the lag bound its
 * annotation sets. Each method's bound is parsed once and cached.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReadOnlyInterceptor implements MethodInterceptor {

	private static final Long NO_BOUND = ReplicaSnapshot.UNKNOWN_LAG;

	private final Map<Method, Long> bounds = new ConcurrentHashMap<>();

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		long bound = bound(invocation);
		boolean previous = RoutingContext.enterReadOnlyScope();
		long previousBound = RoutingContext.narrowMaxLag(bound);
		try {
			return invocation.proceed();
		}
		finally {
			RoutingContext.restoreMaxLag(previousBound);
			RoutingContext.restoreReadOnlyScope(previous);
		}
	}

	private long bound(MethodInvocation invocation) {
		Method method = invocation.getMethod();
		Long bound = this.bounds.get(method);
		if (bound == null) {
			Object target = invocation.getThis();
			bound = parseBound(method, (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass());
			this.bounds.put(method, bound);
		}
		return bound;
	}

	/**
	 * The bound of a method: its own annotation's, else its class's.
	 * @param method the invoked method
	 * @param targetClass the class of the invoked object
	 * @return the bound in milliseconds
	 */
	static Long parseBound(Method method, Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		ReadOnly annotation = AnnotatedElementUtils.findMergedAnnotation(specific, ReadOnly.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(method, ReadOnly.class);
		}
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, ReadOnly.class);
		}
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), ReadOnly.class);
		}
		if (annotation == null || annotation.maxLag().isBlank()) {
			return NO_BOUND;
		}
		return parse(annotation.maxLag(), method);
	}

	private static Long parse(String value, Method method) {
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(value.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid @ReadOnly(maxLag = \"" + value + "\") on " + method
					+ ": use a duration such as 500ms or 2s", ex);
		}
		if (duration.isNegative()) {
			throw new IllegalArgumentException(
					"Invalid @ReadOnly(maxLag = \"" + value + "\") on " + method + ": the bound cannot be negative");
		}
		return duration.toMillis();
	}

}
