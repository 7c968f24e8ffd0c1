package io.github.mysqlpool.autoconfigure;

import java.util.List;

import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.sampling.internal.PoolMonitor;
import io.github.mysqlpool.pool.ReplicaStatus.State;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitors' life cycle in a web application on the embedded topology: they start
 * before the web server accepts requests and stop after graceful shutdown has drained
 * them.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class MonitorLifecycleIntegrationTests {

	@Test
	void monitorsStartBeforeTheWebServerAcceptsRequestsAndStopAfterItDrained(ReplicatedMariaDb db) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0", "server.shutdown=graceful", "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=1",
					"mysql-pool.replication.probe-interval=1h")
			.run()) {
			WebServerStarted started = context.getBean(WebServerStarted.class);
			assertThat(started.replicaMonitorRunning).isTrue();
			assertThat(started.poolMonitorRunning).isTrue();
			assertThat(started.replicaStatus).isNotNull();
			assertThat(started.replicaStatus.state()).isEqualTo(State.FIT);
			assertThat(started.replicaStatus.lastProbe()).isNotNull();
			SmartLifecycle startStop = context.getBean("webServerStartStop", SmartLifecycle.class);
			SmartLifecycle gracefulShutdown = context.getBean("webServerGracefulShutdown", SmartLifecycle.class);
			for (SmartLifecycle monitor : List.of(context.getBean(ReplicaMonitor.class),
					context.getBean(PoolMonitor.class))) {
				// Lower phases start first and stop last
				assertThat(monitor.getPhase()).isLessThan(startStop.getPhase()).isLessThan(gracefulShutdown.getPhase());
			}
		}
	}

	/**
	 * What the monitors had done when the web server started to accept requests.
	 */
	static class WebServerStarted implements ApplicationListener<ServletWebServerInitializedEvent> {

		private final ObjectProvider<ReplicaMonitor> replicaMonitor;

		private final ObjectProvider<PoolMonitor> poolMonitor;

		private volatile boolean replicaMonitorRunning;

		private volatile boolean poolMonitorRunning;

		private volatile @Nullable ReplicaStatus replicaStatus;

		WebServerStarted(ObjectProvider<ReplicaMonitor> replicaMonitor, ObjectProvider<PoolMonitor> poolMonitor) {
			this.replicaMonitor = replicaMonitor;
			this.poolMonitor = poolMonitor;
		}

		@Override
		public void onApplicationEvent(ServletWebServerInitializedEvent event) {
			ReplicaMonitor monitor = this.replicaMonitor.getObject();
			this.replicaMonitorRunning = monitor.isRunning();
			this.replicaStatus = monitor.status("replica-1");
			this.poolMonitorRunning = this.poolMonitor.getObject().isRunning();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class, MySqlPoolAutoConfiguration.class,
			MySqlPoolReplicationAutoConfiguration.class, MySqlPoolMonitorAutoConfiguration.class,
			DataSourceAutoConfiguration.class })
	static class WebApplication {

		@Bean
		WebServerStarted webServerStarted(ObjectProvider<ReplicaMonitor> replicaMonitor,
				ObjectProvider<PoolMonitor> poolMonitor) {
			return new WebServerStarted(replicaMonitor, poolMonitor);
		}

	}

}
