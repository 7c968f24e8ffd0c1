package io.github.mysqlpool.retry.internal;

import java.util.function.Supplier;

import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.routing.internal.ReadOnlyAttributeSource;
import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.util.function.SingletonSupplier;

/**
 * Applies the {@link RetryInterceptor} to methods annotated {@link ReadOnly} or
 * {@link RetryableTransaction}, and to every method of classes and interfaces annotated
 * with either. Its order must put it before (outside) the transaction advisor and the
 * {@code ReadOnly} advisor.
 * <p>
 * The interceptor is created on the first call, not with the advisor, because advisors
 * are created while the context is still registering its post-processors: the beans the
 * interceptor needs (meter registry, circuit breaker) must not be created that early.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class RetryAdvisor extends AbstractPointcutAdvisor {

	private final Supplier<RetryInterceptor> interceptor;

	private final Pointcut pointcut;

	private final Advice advice;

	/**
	 * Create the advisor, with a {@link ReadOnlyAttributeSource} of its own.
	 * @param interceptor supplies the interceptor on first use
	 * @param order the advisor's order
	 */
	public RetryAdvisor(Supplier<RetryInterceptor> interceptor, int order) {
		this(new ReadOnlyAttributeSource(), interceptor, order);
	}

	/**
	 * Create the advisor.
	 * @param readOnlySource decides which methods are {@link ReadOnly}, as for the
	 * routing
	 * @param interceptor supplies the interceptor on first use
	 * @param order the advisor's order
	 */
	public RetryAdvisor(ReadOnlyAttributeSource readOnlySource, Supplier<RetryInterceptor> interceptor, int order) {
		this.pointcut = new ComposablePointcut(readOnlySource.getPointcut())
			.union(new AnnotationMatchingPointcut(RetryableTransaction.class, true))
			.union(new AnnotationMatchingPointcut(null, RetryableTransaction.class, true));
		Supplier<RetryInterceptor> singleton = SingletonSupplier.of(interceptor);
		this.interceptor = singleton;
		this.advice = new LazyInterceptor(singleton);
		setOrder(order);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.advice;
	}

	/**
	 * The interceptor the advice calls, created on first use.
	 * @return the interceptor
	 */
	public RetryInterceptor getInterceptor() {
		return this.interceptor.get();
	}

	/**
	 * Calls the interceptor, created on first use; the interceptor finds itself by it in
	 * a proxy's advice chain to repeat the rest of the chain.
	 */
	static final class LazyInterceptor implements MethodInterceptor {

		private final Supplier<RetryInterceptor> interceptor;

		LazyInterceptor(Supplier<RetryInterceptor> interceptor) {
			this.interceptor = interceptor;
		}

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			return this.interceptor.get().invoke(invocation);
		}

		boolean isFor(RetryInterceptor candidate) {
			return this.interceptor.get() == candidate;
		}

	}

}
