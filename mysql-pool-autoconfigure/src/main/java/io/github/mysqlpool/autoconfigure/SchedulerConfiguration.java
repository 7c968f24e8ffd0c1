package io.github.mysqlpool.autoconfigure;

import io.github.mysqlpool.scheduling.internal.PeriodicTask;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The one scheduler that runs every periodic task of the starter: the probes of the
 * replica monitor and of topology discovery, the pool sampling and the kill guard. Each
 * {@link PeriodicTask} adds a thread while it runs, so that a probe blocked on a hung
 * server delays no other task.
 * <p>
 * Not a default candidate for injection by type, so that an application's own
 * {@code @Scheduled} and {@code @Async} methods keep Spring Boot's scheduler and executor
 * and never run on (or wait for) the starter's threads.
 *
 * @author mysql-pool team
 */
@Configuration(proxyBeanMethods = false)
class SchedulerConfiguration {

	/**
	 * Name of the scheduler bean, which an application may define itself.
	 */
	static final String SCHEDULER_BEAN_NAME = "mySqlPoolTaskScheduler";

	@Bean(name = SCHEDULER_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = SCHEDULER_BEAN_NAME)
	ThreadPoolTaskScheduler mySqlPoolTaskScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("mysql-pool-scheduler-");
		scheduler.setDaemon(true);
		scheduler.setRemoveOnCancelPolicy(true);
		// The monitors stop after graceful shutdown, in their own life-cycle phase, and
		// probe until then: the scheduler shuts down only when the context destroys it
		scheduler.setAcceptTasksAfterContextClose(true);
		return scheduler;
	}

}
