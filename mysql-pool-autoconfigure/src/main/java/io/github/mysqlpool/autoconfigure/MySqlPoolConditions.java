package io.github.mysqlpool.autoconfigure;

import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Replica;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Conditions that decide where the primary pool comes from: built by the starter from
 * {@code mysql-pool.primary.*}, or adopted from Boot's own {@code spring.datasource.*}.
 *
 * @author mysql-pool team
 */
final class MySqlPoolConditions {

	private MySqlPoolConditions() {
	}

	static boolean hasPrimaryUrl(Environment environment) {
		return hasText(environment.getProperty("mysql-pool.primary.url"));
	}

	static boolean hasReplicas(Environment environment) {
		return Binder.get(environment)
			.bind("mysql-pool.replicas", Bindable.listOf(Replica.class))
			.map((replicas) -> !replicas.isEmpty())
			.orElse(false);
	}

	static boolean hasBootDataSourceUrl(Environment environment) {
		return hasText(environment.getProperty("spring.datasource.url"));
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * Matches when the starter builds the primary pool itself:
	 * {@code mysql-pool.primary.url} is set, or replicas are configured with no primary
	 * at all (which then fails with a clear message).
	 */
	static class OwnPrimaryCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("MySqlPool own primary");
			Environment environment = context.getEnvironment();
			if (hasPrimaryUrl(environment)) {
				return ConditionOutcome.match(message.found("property").items("mysql-pool.primary.url"));
			}
			if (hasReplicas(environment) && !hasBootDataSourceUrl(environment)) {
				return ConditionOutcome.match(message.because("mysql-pool.replicas are set without any primary URL"));
			}
			return ConditionOutcome.noMatch(message.didNotFind("property").items("mysql-pool.primary.url"));
		}

	}

	/**
	 * Matches when replicas are added to an application whose primary is Boot's own
	 * {@code spring.datasource.*} pool.
	 */
	static class ExistingPrimaryCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("MySqlPool existing primary");
			Environment environment = context.getEnvironment();
			if (hasPrimaryUrl(environment)) {
				return ConditionOutcome.noMatch(message.found("property").items("mysql-pool.primary.url"));
			}
			if (!hasReplicas(environment)) {
				return ConditionOutcome.noMatch(message.didNotFind("property").items("mysql-pool.replicas"));
			}
			if (!hasBootDataSourceUrl(environment)) {
				return ConditionOutcome.noMatch(message.didNotFind("property").items("spring.datasource.url"));
			}
			return ConditionOutcome
				.match(message.found("properties").items("mysql-pool.replicas", "spring.datasource.url"));
		}

	}

}
