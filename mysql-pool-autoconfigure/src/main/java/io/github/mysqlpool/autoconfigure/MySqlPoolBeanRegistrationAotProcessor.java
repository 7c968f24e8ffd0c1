package io.github.mysqlpool.autoconfigure;

import java.lang.reflect.Method;

import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.routing.ReadOnly;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * {@link BeanRegistrationAotProcessor} for beans with {@link ReadOnly @ReadOnly} or
 * {@link RetryableTransaction @RetryableTransaction} methods: the advisors find them by
 * introspecting the bean's class and its interfaces, and invoke them through the proxy.
 * Modelled on Spring's own processor for {@code @Transactional} beans.
 *
 * @author mysql-pool team
 */
class MySqlPoolBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> beanClass = registeredBean.getBeanClass();
		if (!isAdvised(beanClass)) {
			return null;
		}
		return (generationContext, code) -> register(generationContext.getRuntimeHints(), beanClass);
	}

	static void register(RuntimeHints hints, Class<?> beanClass) {
		hints.reflection()
			.registerType(beanClass, MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.INVOKE_PUBLIC_METHODS);
		for (Class<?> proxyInterface : ClassUtils.getAllInterfacesForClass(beanClass)) {
			hints.reflection().registerType(proxyInterface, MemberCategory.INVOKE_PUBLIC_METHODS);
		}
	}

	static boolean isAdvised(Class<?> beanClass) {
		if (hasAnnotation(beanClass)) {
			return true;
		}
		for (Class<?> proxyInterface : ClassUtils.getAllInterfacesForClass(beanClass)) {
			if (hasAnnotation(proxyInterface)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasAnnotation(Class<?> type) {
		if (AnnotatedElementUtils.hasAnnotation(type, ReadOnly.class)
				|| AnnotatedElementUtils.hasAnnotation(type, RetryableTransaction.class)) {
			return true;
		}
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
			if (AnnotatedElementUtils.hasAnnotation(method, ReadOnly.class)
					|| AnnotatedElementUtils.hasAnnotation(method, RetryableTransaction.class)) {
				return true;
			}
		}
		return false;
	}

}
