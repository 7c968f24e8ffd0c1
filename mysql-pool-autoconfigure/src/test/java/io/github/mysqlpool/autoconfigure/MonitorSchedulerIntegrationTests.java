package io.github.mysqlpool.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.history.internal.PoolSample;
import io.github.mysqlpool.monitor.history.internal.PoolSampler;
import io.github.mysqlpool.monitor.timing.internal.PoolInstrumentation;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.topology.ServerRole;
import io.github.mysqlpool.topology.internal.TopologyMonitor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's one scheduler against the real embedded topology: the replica monitor's
 * and topology discovery's probes, the pool sampling and the kill guard all run on it, in
 * threads named for what they run; a probe blocked on a hung replica (SIGSTOP, with a
 * probe timeout far longer than the test) holds only its own thread while every other
 * task goes on; and an application's own scheduled methods stay on Spring Boot's
 * scheduler.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class MonitorSchedulerIntegrationTests {

	private static final String THREAD_PREFIX = "mysql-pool-scheduler-";

	/**
	 * Far longer than the test: a probe of the hung replica stays blocked throughout.
	 */
	private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(10);

	/**
	 * How long a few runs of a task are awaited on a machine shared with other builds.
	 */
	private static final Duration GENEROUS = Duration.ofSeconds(60);

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	private ApplicationContextRunner contextRunner(ReplicatedMariaDb db) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolReplicationAutoConfiguration.class, MySqlPoolTopologyAutoConfiguration.class,
					MySqlPoolMonitorAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withUserConfiguration(RecordingSamplerConfiguration.class)
			.withPropertyValues("mysql-pool.primary.url=" + db.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=1",
					"mysql-pool.replication.probe-interval=200ms",
					"mysql-pool.replication.probe-timeout=" + PROBE_TIMEOUT.toMinutes() + "m",
					"mysql-pool.topology.discovery=read-only", "mysql-pool.monitor.sample-interval=100ms",
					"mysql-pool.monitor.server-info-refresh=1h", "mysql-pool.monitor.kill-guard.enabled=true");
	}

	@Test
	void everyPeriodicTaskRunsOnTheOneSchedulerAndAHungProbeHoldsOnlyItsOwnThread(ReplicatedMariaDb db) {
		contextRunner(db).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(TaskScheduler.class)).containsOnlyKeys("mySqlPoolTaskScheduler");
			ThreadPoolTaskScheduler scheduler = context.getBean("mySqlPoolTaskScheduler",
					ThreadPoolTaskScheduler.class);
			MySqlPools pools = context.getBean(MySqlPools.class);
			ReplicaMonitor replicas = context.getBean(ReplicaMonitor.class);
			TopologyMonitor topology = context.getBean(TopologyMonitor.class);
			RecordingSampler sampler = context.getBean(RecordingSampler.class);
			// A thread for each task: the primary's and each read pool's probe, each
			// server's role probe, the sampling and the kill guard; and one to spare
			int tasks = 1 + pools.getReadPools().size() + topology.getRoles().size() + 1 + 1;
			assertThat(scheduler.getScheduledThreadPoolExecutor().getCorePoolSize()).isEqualTo(1 + tasks);
			assertThat(liveThreadNames()).noneMatch((name) -> name.startsWith("mysql-pool-monitor")
					|| name.startsWith("mysql-pool-topology") || name.startsWith("mysql-pool-kill-guard"));
			try {
				db.replica(0).pause();
				String hungProbe = awaitThread("(replica probe replica-1)");
				String hungRoleProbe = awaitThread("(topology probe replica-1)");
				assertThat(hungProbe).startsWith(THREAD_PREFIX);
				assertThat(hungRoleProbe).startsWith(THREAD_PREFIX);
				awaitOtherTasksRun(replicas, topology, sampler);
				ServerRole hungRole = topology.getRoles().get("replica-1");
				Object hungStatus = replicas.status("replica-1").lastProbe();
				awaitOtherTasksRun(replicas, topology, sampler);
				// Neither probe of the hung replica ended meanwhile
				assertThat(replicas.status("replica-1").lastProbe()).isEqualTo(hungStatus);
				assertThat(topology.getRoles().get("replica-1")).isEqualTo(hungRole);
				assertThat(liveThreadNames()).contains(hungProbe, hungRoleProbe);
				assertThat(sampler.threads).allMatch(
						(name) -> name.startsWith(THREAD_PREFIX) && name.endsWith(" (pool sampling)"),
						"a sampling thread");
			}
			finally {
				db.replica(0).resume();
			}
		});
	}

	@Test
	void applicationScheduledMethodsKeepSpringBootsScheduler(ReplicatedMariaDb db) {
		contextRunner(db)
			.withConfiguration(
					AutoConfigurations.of(TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
			.withUserConfiguration(ApplicationScheduling.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasBean("taskScheduler").hasBean("applicationTaskExecutor");
				ApplicationTask task = context.getBean(ApplicationTask.class);
				await("the application's scheduled method", () -> !task.threads.isEmpty());
				assertThat(task.threads).noneMatch((name) -> name.startsWith("mysql-pool-"));
			});
	}

	/**
	 * Wait until the pool sampling, the other replica's probe and the other replica's
	 * role probe have each run twice more.
	 */
	private static void awaitOtherTasksRun(ReplicaMonitor replicas, TopologyMonitor topology,
			RecordingSampler sampler) {
		awaitChanges("pool sampling", () -> sampler.threads.size());
		awaitChanges("replica-2's probe", () -> replicas.status("replica-2").lastProbe());
		awaitChanges("replica-2's role probe", () -> topology.getRoles().get("replica-2").probedAt());
	}

	private static void awaitChanges(String what, Supplier<@Nullable Object> value) {
		Object last = value.get();
		int changes = 0;
		long deadline = System.nanoTime() + GENEROUS.toNanos();
		while (changes < 2) {
			assertThat(System.nanoTime()).as(what + " runs while a probe of the hung replica waits")
				.isLessThan(deadline);
			sleep();
			Object current = value.get();
			if (!Objects.equals(current, last)) {
				changes++;
				last = current;
			}
		}
	}

	private static String awaitThread(String task) {
		long deadline = System.nanoTime() + GENEROUS.toNanos();
		while (true) {
			for (String name : liveThreadNames()) {
				if (name.endsWith(" " + task)) {
					return name;
				}
			}
			assertThat(System.nanoTime()).as("a thread running " + task + " in " + liveThreadNames())
				.isLessThan(deadline);
			sleep();
		}
	}

	private static void await(String what, Supplier<Boolean> condition) {
		long deadline = System.nanoTime() + GENEROUS.toNanos();
		while (!condition.get()) {
			assertThat(System.nanoTime()).as(what).isLessThan(deadline);
			sleep();
		}
	}

	private static Set<String> liveThreadNames() {
		return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
	}

	private static void sleep() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Samples the pools as the starter does, noting the thread of each sample.
	 */
	static class RecordingSampler extends PoolSampler {

		final List<String> threads = new CopyOnWriteArrayList<>();

		RecordingSampler(PoolInstrumentation instrumentation) {
			super(instrumentation, null, null, Clock.systemUTC());
		}

		@Override
		public PoolSample sample(MySqlPool pool) {
			this.threads.add(Thread.currentThread().getName());
			return super.sample(pool);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingSamplerConfiguration {

		@Bean
		RecordingSampler recordingSampler(PoolInstrumentation instrumentation) {
			return new RecordingSampler(instrumentation);
		}

	}

	/**
	 * An application's own scheduled method.
	 */
	static class ApplicationTask {

		final List<String> threads = new CopyOnWriteArrayList<>();

		@Scheduled(fixedDelay = 50)
		void run() {
			this.threads.add(Thread.currentThread().getName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class ApplicationScheduling {

		@Bean
		ApplicationTask applicationTask() {
			return new ApplicationTask();
		}

	}

}
