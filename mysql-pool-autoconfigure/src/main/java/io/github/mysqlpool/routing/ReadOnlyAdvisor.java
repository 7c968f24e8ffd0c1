package io.github.mysqlpool.routing;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;

/**
 * Applies {@link ReadOnlyInterceptor} to methods annotated {@link ReadOnly}, and to every
 * method of classes and interfaces annotated with it, including Spring Data repository
 * interfaces.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReadOnlyAdvisor extends AbstractPointcutAdvisor {

	private final ReadOnlyInterceptor interceptor;

	private final Pointcut pointcut = new ComposablePointcut(new AnnotationMatchingPointcut(ReadOnly.class, true))
		.union(new AnnotationMatchingPointcut(null, ReadOnly.class, true));

	/**
	 * Create the advisor.
	 * @param interceptor the interceptor to apply
	 * @param order the advisor's order; it should run before (outside) the transaction
	 * advisor
	 */
	public ReadOnlyAdvisor(ReadOnlyInterceptor interceptor, int order) {
		this.interceptor = interceptor;
		setOrder(order);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public ReadOnlyInterceptor getAdvice() {
		return this.interceptor;
	}

}
