package io.github.mysqlpool.benchmarks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every Spring-based variant shares: Boot's JDBC, transaction and AOP
 * auto-configuration around the variant's {@code DataSource}, and the
 * {@link PointService}.
 *
 * @author mysql-pool team
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
		TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class })
class SpringJdbcConfiguration {

	@Bean
	PointService pointService(JdbcTemplate template, ObjectProvider<ReadTemplate> readTemplate) {
		ReadTemplate reads = readTemplate.getIfAvailable();
		return new PointService(template, (reads != null) ? reads.template() : template);
	}

	/**
	 * The template for autocommit reads where the variant needs a different one, for
	 * example one that marks its connections read-only. Not a {@code JdbcTemplate} bean,
	 * so that Boot's own template still backs off nothing.
	 *
	 * @param template the template
	 */
	record ReadTemplate(JdbcTemplate template) {

	}

}
