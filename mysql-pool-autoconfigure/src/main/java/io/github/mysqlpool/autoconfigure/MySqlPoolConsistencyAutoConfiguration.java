package io.github.mysqlpool.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

import io.github.mysqlpool.consistency.ReadYourWrites;
import io.github.mysqlpool.consistency.ReadYourWritesMode;
import io.github.mysqlpool.consistency.internal.ConsistencyToken;
import io.github.mysqlpool.consistency.internal.ReadYourWritesFilter;
import io.github.mysqlpool.consistency.internal.ReadYourWritesListener;
import io.github.mysqlpool.internal.TransactionListenerPostProcessor;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.internal.ServerInspector;
import io.github.mysqlpool.routing.internal.MySqlRoutingDataSource;
import jakarta.servlet.Filter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Auto-configuration of read-your-writes consistency, on when
 * {@code mysql-pool.consistency.read-your-writes} is {@code primary-window} or
 * {@code gtid}.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(after = { MySqlPoolAutoConfiguration.class, MySqlPoolExistingPrimaryAutoConfiguration.class,
		MySqlPoolReplicationAutoConfiguration.class })
@ConditionalOnBean(MySqlPools.class)
@Conditional(MySqlPoolConsistencyAutoConfiguration.ReadYourWritesOnCondition.class)
@EnableConfigurationProperties(MySqlPoolConsistencyProperties.class)
public final class MySqlPoolConsistencyAutoConfiguration {

	private static final Log logger = LogFactory.getLog(MySqlPoolConsistencyAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ReadYourWrites mySqlPoolReadYourWrites(MySqlPoolConsistencyProperties properties, MySqlPools pools,
			ObjectProvider<MySqlPoolReplicationProperties> replication,
			ObjectProvider<MySqlRoutingDataSource> routingDataSources, ObjectProvider<ServerInspector> inspector) {
		Duration window = window(properties, replication.getIfAvailable());
		ReadYourWrites readYourWrites = new ReadYourWrites(properties.getReadYourWrites(), window,
				properties.getGtidWaitTimeout(), pools.getPrimary());
		readYourWrites.followWriter(pools);
		if (readYourWrites.getMode() == ReadYourWritesMode.GTID && inspected(inspector, pools)) {
			checkPrimaryGtids(readYourWrites);
		}
		routingDataSources.orderedStream().forEach((routing) -> routing.setReadConsistency(readYourWrites));
		return readYourWrites;
	}

	/**
	 * Whether the start-up inspection reached the primary: else the GTID check is
	 * skipped, as the README says.
	 */
	private static boolean inspected(ObjectProvider<ServerInspector> inspector, MySqlPools pools) {
		ServerInspector servers = inspector.getIfAvailable();
		return servers != null && servers.inspected(pools.getPrimary()) != null;
	}

	private static void checkPrimaryGtids(ReadYourWrites readYourWrites) {
		String problem;
		String action;
		try {
			problem = readYourWrites.checkPrimaryGtids();
			action = (problem != null) ? readYourWrites.primaryGtidsAction() : "";
		}
		catch (SQLException ex) {
			logger.warn("Could not check that the primary has GTIDs for read-your-writes in gtid mode: "
					+ ex.getMessage() + "; fenced reads go to the primary while its GTID position is empty");
			return;
		}
		if (problem != null) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.consistency.read-your-writes", "gtid",
					"the primary cannot serve gtid mode: " + problem, action);
		}
	}

	@Bean
	@ConditionalOnMissingBean(name = "mySqlPoolReadYourWritesListenerPostProcessor")
	static TransactionListenerPostProcessor<ReadYourWritesListener> mySqlPoolReadYourWritesListenerPostProcessor(
			ObjectProvider<ReadYourWrites> readYourWrites) {
		return new TransactionListenerPostProcessor<>(ReadYourWritesListener.class,
				() -> new ReadYourWritesListener(readYourWrites.getObject()));
	}

	private static Duration window(MySqlPoolConsistencyProperties properties,
			MySqlPoolReplicationProperties replication) {
		Duration window = properties.getWindow();
		if (window == null) {
			MySqlPoolReplicationProperties settings = (replication != null) ? replication
					: new MySqlPoolReplicationProperties();
			return settings.getMaxLag().plus(settings.getProbeInterval().multipliedBy(2));
		}
		return window;
	}

	/**
	 * Web requests as read-your-writes scopes, with the token.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ OncePerRequestFilter.class, Filter.class })
	@ConditionalOnBooleanProperty(name = "mysql-pool.consistency.token.enabled", matchIfMissing = true)
	static class WebScopeConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mySqlPoolReadYourWritesFilter")
		FilterRegistrationBean<ReadYourWritesFilter> mySqlPoolReadYourWritesFilter(ReadYourWrites readYourWrites,
				MySqlPoolConsistencyProperties properties) {
			MySqlPoolConsistencyProperties.Token token = properties.getToken();
			ConsistencyToken tokens = new ConsistencyToken(secret(token.getSecret()), readYourWrites.getWindow(),
					token.getClockSkew(), Clock.systemUTC());
			FilterRegistrationBean<ReadYourWritesFilter> registration = new FilterRegistrationBean<>(
					new ReadYourWritesFilter(readYourWrites, tokens, token.getHeaderName(), token.getCookieName()));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
			return registration;
		}

		private static byte[] secret(String configured) {
			if (configured != null && !configured.isEmpty()) {
				return configured.getBytes(StandardCharsets.UTF_8);
			}
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			return random;
		}

	}

	/**
	 * Matches when read-your-writes is on.
	 */
	static class ReadYourWritesOnCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("MySqlPool read-your-writes");
			ReadYourWritesMode mode = Binder.get(context.getEnvironment())
				.bind("mysql-pool.consistency.read-your-writes", ReadYourWritesMode.class)
				.orElse(ReadYourWritesMode.OFF);
			return (mode != ReadYourWritesMode.OFF) ? ConditionOutcome.match(message.because("mode is " + mode))
					: ConditionOutcome.noMatch(message.because("mode is off"));
		}

	}

}
