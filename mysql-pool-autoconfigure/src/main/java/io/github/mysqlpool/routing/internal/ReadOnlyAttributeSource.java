package io.github.mysqlpool.routing.internal;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.routing.ReplicaSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * The one place that decides which {@link ReadOnly} applies to a method called on a
 * target class, and the pointcut built on that decision that the routing, the retry and
 * the JPA connection release all use, so that they always agree on what is a read.
 * <p>
 * The nearest annotation wins: on the method as the target class declares or inherits it,
 * on the invoked (interface) method, on the target class or any of its superclasses and
 * interfaces, on the class declaring the invoked method. A class-level bound therefore
 * depends on the target class: two beans inheriting one method from a common superclass
 * get each their own class's bound. Each (method, target class) pair is resolved once.
 * <p>
 * An instance is shared by the starter's advisors; applications have no use for it.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class ReadOnlyAttributeSource {

	private static final Attribute NOT_READ_ONLY = new Attribute(false, ReplicaSnapshot.UNKNOWN_LAG);

	/**
	 * Per target class, per method: two lookups that allocate nothing, where one map
	 * keyed by (method, class), as Spring's {@code MethodClassKey}, would allocate a key
	 * on every call.
	 */
	private final Map<Class<?>, Map<Method, Attribute>> attributes = new ConcurrentHashMap<>();

	private final Pointcut pointcut = new ReadOnlyPointcut();

	/**
	 * The pointcut matching every method to which a {@link ReadOnly} applies.
	 * @return the pointcut
	 */
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	/**
	 * Whether a {@link ReadOnly} applies to a method called on a target class.
	 * @param method the invoked method
	 * @param targetClass the class of the invoked object, {@code null} when unknown
	 * @return {@code true} for read-only work
	 */
	public boolean isReadOnly(Method method, @Nullable Class<?> targetClass) {
		return attribute(method, targetClass).readOnly;
	}

	/**
	 * Largest replication lag a method called on a target class accepts.
	 * @param method the invoked method
	 * @param targetClass the class of the invoked object, {@code null} when unknown
	 * @return the bound in milliseconds, {@link ReplicaSnapshot#UNKNOWN_LAG} for none
	 */
	long maxLagMillis(Method method, @Nullable Class<?> targetClass) {
		return attribute(method, targetClass).maxLagMillis;
	}

	private Attribute attribute(Method method, @Nullable Class<?> targetClass) {
		Class<?> type = (targetClass != null) ? targetClass : method.getDeclaringClass();
		Map<Method, Attribute> methods = this.attributes.get(type);
		if (methods == null) {
			methods = this.attributes.computeIfAbsent(type, (key) -> new ConcurrentHashMap<>());
		}
		Attribute attribute = methods.get(method);
		if (attribute == null) {
			attribute = resolve(method, type);
			methods.putIfAbsent(method, attribute);
		}
		return attribute;
	}

	private static Attribute resolve(Method method, Class<?> targetClass) {
		ReadOnly annotation = find(method, targetClass);
		if (annotation == null) {
			return NOT_READ_ONLY;
		}
		String maxLag = annotation.maxLag();
		return new Attribute(true, maxLag.isBlank() ? ReplicaSnapshot.UNKNOWN_LAG : parse(maxLag, method));
	}

	private static @Nullable ReadOnly find(Method method, Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		ReadOnly annotation = AnnotatedElementUtils.findMergedAnnotation(specific, ReadOnly.class);
		if (annotation == null && specific != method) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(method, ReadOnly.class);
		}
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, ReadOnly.class);
		}
		if (annotation == null && targetClass != method.getDeclaringClass()) {
			// A JDK proxy's target, such as a Spring Data repository's, need not
			// implement
			// the annotated interface that declares the method
			annotation = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), ReadOnly.class);
		}
		return annotation;
	}

	private static long parse(String value, Method method) {
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

	/**
	 * What applies to one method of one target class.
	 */
	private static final class Attribute {

		private final boolean readOnly;

		private final long maxLagMillis;

		Attribute(boolean readOnly, long maxLagMillis) {
			this.readOnly = readOnly;
			this.maxLagMillis = maxLagMillis;
		}

	}

	/**
	 * Matches the methods to which a {@link ReadOnly} applies, resolving (and caching)
	 * them while proxies are created.
	 */
	private final class ReadOnlyPointcut extends StaticMethodMatcherPointcut {

		ReadOnlyPointcut() {
			setClassFilter((type) -> AnnotationUtils.isCandidateClass(type, ReadOnly.class));
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return isReadOnly(method, targetClass);
		}

		@Override
		public String toString() {
			return "ReadOnlyPointcut";
		}

	}

}
