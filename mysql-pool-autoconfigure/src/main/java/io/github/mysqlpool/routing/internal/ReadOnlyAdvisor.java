package io.github.mysqlpool.routing.internal;

import io.github.mysqlpool.routing.ReadOnly;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;

/**
 * Applies {@link ReadOnlyInterceptor} to methods annotated {@link ReadOnly}, and to every
 * method of classes and interfaces annotated with it, including Spring Data repository
 * interfaces, as the {@link ReadOnlyAttributeSource} decides.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReadOnlyAdvisor extends AbstractPointcutAdvisor {

	private final ReadOnlyInterceptor interceptor;

	private final Pointcut pointcut;

	/**
	 * Create the advisor.
	 * @param source resolves the {@link ReadOnly} of each method
	 * @param order the advisor's order; it should run before (outside) the transaction
	 * advisor
	 */
	public ReadOnlyAdvisor(ReadOnlyAttributeSource source, int order) {
		this.interceptor = new ReadOnlyInterceptor(source);
		this.pointcut = source.getPointcut();
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
