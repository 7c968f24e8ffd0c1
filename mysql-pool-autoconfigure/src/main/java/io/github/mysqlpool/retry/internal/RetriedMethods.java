package io.github.mysqlpool.retry.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.routing.internal.ReadOnlyAttributeSource;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the {@link RetryInterceptor} knows about each retried method: its name, whether it
 * is a read ({@link ReadOnly} or a read-only transaction), whether it is idempotent, and
 * its settings. Found on the method's first call and kept per target class, per method,
 * as in {@link ReadOnlyAttributeSource}: looking a method up allocates no key.
 *
 * @author mysql-pool team
 */
final class RetriedMethods {

	private final RetrySettings defaults;

	private final ReadOnlyAttributeSource readOnlySource;

	private final Map<Class<?>, Map<Method, RetriedMethod>> methods = new ConcurrentHashMap<>();

	RetriedMethods(RetrySettings defaults, ReadOnlyAttributeSource readOnlySource) {
		this.defaults = defaults;
		this.readOnlySource = readOnlySource;
	}

	/**
	 * The method an invocation calls.
	 * @param invocation the intercepted invocation
	 * @return what is known about its method
	 */
	RetriedMethod get(MethodInvocation invocation) {
		Method method = invocation.getMethod();
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		Map<Method, RetriedMethod> methods = this.methods.get(targetClass);
		if (methods == null) {
			methods = this.methods.computeIfAbsent(targetClass, (key) -> new ConcurrentHashMap<>());
		}
		RetriedMethod retried = methods.get(method);
		if (retried == null) {
			retried = describe(method, targetClass);
			methods.putIfAbsent(method, retried);
		}
		return retried;
	}

	private RetriedMethod describe(Method method, Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		RetryableTransaction retryable = find(specific, targetClass, RetryableTransaction.class);
		Transactional transactional = find(specific, targetClass, Transactional.class);
		boolean readOnly = this.readOnlySource.isReadOnly(method, targetClass)
				|| (transactional != null && transactional.readOnly());
		return new RetriedMethod(targetClass.getSimpleName() + "." + method.getName(), readOnly,
				retryable != null && retryable.idempotent(), this.defaults.withOverrides(retryable));
	}

	private static <A extends Annotation> @Nullable A find(Method method, Class<?> targetClass, Class<A> type) {
		A annotation = AnnotatedElementUtils.findMergedAnnotation(method, type);
		return (annotation != null) ? annotation : AnnotatedElementUtils.findMergedAnnotation(targetClass, type);
	}

	/**
	 * What is known about one retried method, computed on its first call.
	 *
	 * @param name the method as {@code Class.method}, for logs and exceptions
	 * @param readOnly whether it is a read
	 * @param idempotent whether it is a write marked safe to repeat
	 * @param settings its attempts and back-off
	 */
	record RetriedMethod(String name, boolean readOnly, boolean idempotent, RetrySettings settings) {

	}

}
