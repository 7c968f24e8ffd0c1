package io.github.mysqlpool.retry.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.DefaultAdvisorChainFactory;
import org.springframework.aop.framework.ReflectiveMethodInvocation;
import org.springframework.aop.support.AopUtils;

/**
 * Builds a new invocation of the rest of the chain from the proxy's advisors, after the
 * first attempt failed: what {@code invocableClone()} would give, without cloning on
 * every call.
 *
 * @author mysql-pool team
 */
final class RebuiltInvocations implements AttemptInvocations {

	private final ProxyMethodInvocation invocation;

	private final Object[] arguments;

	private final RetryInterceptor retry;

	private @Nullable List<Object> rest;

	/**
	 * Create the invocations.
	 * @param invocation the intercepted invocation, whose proxy is {@link Advised}
	 * @param arguments the call's arguments as they were before the first attempt
	 * @param retry the interceptor whose place in the chain the rest follows
	 */
	RebuiltInvocations(ProxyMethodInvocation invocation, Object[] arguments, RetryInterceptor retry) {
		this.invocation = invocation;
		this.arguments = arguments;
		this.retry = retry;
	}

	@Override
	public MethodInvocation next() {
		List<Object> rest = this.rest;
		if (rest == null) {
			rest = restOfChain();
			this.rest = rest;
		}
		Object target = this.invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : null;
		return new AttemptInvocation(this.invocation.getProxy(), target, this.invocation.getMethod(),
				this.arguments.clone(), targetClass, rest);
	}

	private List<Object> restOfChain() {
		Object target = this.invocation.getThis();
		Method method = this.invocation.getMethod();
		List<Object> chain = DefaultAdvisorChainFactory.INSTANCE.getInterceptorsAndDynamicInterceptionAdvice(
				(Advised) this.invocation.getProxy(), method,
				(target != null) ? target.getClass() : method.getDeclaringClass());
		for (int i = 0; i < chain.size(); i++) {
			if (isRetry(chain.get(i))) {
				return new ArrayList<>(chain.subList(i + 1, chain.size()));
			}
		}
		throw new IllegalStateException("The retry interceptor is not in the advice chain of " + method);
	}

	private boolean isRetry(Object advice) {
		// The retry's pointcut is static: its interceptor is in the chain as it is
		return advice == this.retry || (advice instanceof RetryAdvisor.LazyInterceptor lazy && lazy.isFor(this.retry));
	}

	/**
	 * A later attempt's invocation: the rest of the chain, then the method called by
	 * reflection on the target.
	 */
	private static final class AttemptInvocation extends ReflectiveMethodInvocation {

		AttemptInvocation(Object proxy, @Nullable Object target, Method method, Object[] arguments,
				@Nullable Class<?> targetClass, List<Object> chain) {
			super(proxy, target, method, arguments, targetClass, chain);
		}

	}

}
