package io.github.mysqlpool.monitor.sampling.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.history.internal.PoolSample;
import io.github.mysqlpool.monitor.history.internal.PoolSampler;
import io.github.mysqlpool.monitor.internal.ServerInfoReader;
import io.github.mysqlpool.monitor.timing.internal.PoolInstrumentation;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.PoolRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolMonitor}.
 *
 * @author mysql-pool team
 */
class PoolMonitorTests {

	private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(20);

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	@BeforeEach
	void initializeScheduler() {
		this.scheduler.initialize();
	}

	@AfterEach
	void shutDownScheduler() {
		this.scheduler.shutdown();
	}

	@Test
	void anErrorInOneSampleDoesNotEndTheSampling() throws InterruptedException {
		AtomicInteger samples = new AtomicInteger();
		PoolSampler sampler = new PoolSampler(new PoolInstrumentation(), null, null, Clock.systemUTC()) {

			@Override
			public PoolSample sample(MySqlPool pool) {
				if (samples.incrementAndGet() == 1) {
					throw new NoClassDefFoundError("first sample fails");
				}
				throw new IllegalStateException("later samples fail");
			}

		};
		PoolMonitor monitor = monitor(sampler);
		monitor.start();
		try {
			MonitorTestSupport.await(SAMPLE_INTERVAL.multipliedBy(500), () -> samples.get() >= 3);
		}
		finally {
			monitor.stop();
		}
	}

	@Test
	void startsBeforeTheWebServerAndStopsAfterGracefulShutdown() {
		PoolMonitor monitor = monitor(new PoolSampler(new PoolInstrumentation(), null, null, Clock.systemUTC()));
		// WebServerStartStopLifecycle and
		// WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE
		assertThat(monitor.getPhase()).isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048)
			.isLessThan(SmartLifecycle.DEFAULT_PHASE - 1024);
	}

	private PoolMonitor monitor(PoolSampler sampler) {
		MySqlPools pools = new MySqlPools(new MySqlPool("primary", PoolRole.PRIMARY, new HikariDataSource(), 1),
				List.of(), false);
		return new PoolMonitor(pools, sampler, new PoolHistory(10),
				new ServerInfoReader(Duration.ofHours(1), Duration.ofSeconds(1), Clock.systemUTC()), null, null,
				SAMPLE_INTERVAL, null, Clock.systemUTC(), this.scheduler);
	}

}
