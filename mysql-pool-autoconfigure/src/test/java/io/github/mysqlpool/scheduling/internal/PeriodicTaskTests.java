package io.github.mysqlpool.scheduling.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PeriodicTask}.
 *
 * @author mysql-pool team
 */
class PeriodicTaskTests {

	private static final Duration GENEROUS = Duration.ofSeconds(30);

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	@BeforeEach
	void initializeScheduler() {
		this.scheduler.setThreadNamePrefix("test-scheduler-");
		this.scheduler.initialize();
	}

	@AfterEach
	void shutDownScheduler() {
		this.scheduler.shutdown();
	}

	@Test
	void eachStartedTaskHasAThreadOfItsOwnUntilItStops() {
		PeriodicTask one = new PeriodicTask(this.scheduler, "one", Duration.ofHours(1), () -> {
		});
		PeriodicTask other = new PeriodicTask(this.scheduler, "other", Duration.ofHours(1), () -> {
		});
		one.start();
		other.start();
		assertThat(this.scheduler.getScheduledThreadPoolExecutor().getCorePoolSize()).isEqualTo(3);
		one.stop();
		assertThat(this.scheduler.getScheduledThreadPoolExecutor().getCorePoolSize()).isEqualTo(2);
		other.stop();
		assertThat(this.scheduler.getScheduledThreadPoolExecutor().getCorePoolSize()).isEqualTo(1);
	}

	@Test
	void aBlockedTaskDelaysNoOtherTask() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch blocked = new CountDownLatch(1);
		PeriodicTask hung = new PeriodicTask(this.scheduler, "hung", Duration.ofMillis(1), () -> {
			blocked.countDown();
			awaitQuietly(release);
		});
		AtomicInteger runs = new AtomicInteger();
		List<String> threads = new CopyOnWriteArrayList<>();
		PeriodicTask other = new PeriodicTask(this.scheduler, "other", Duration.ofMillis(1), () -> {
			threads.add(Thread.currentThread().getName());
			runs.incrementAndGet();
		});
		hung.start(Duration.ZERO);
		try {
			assertThat(blocked.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
			other.start(Duration.ZERO);
			await(() -> runs.get() >= 5);
			assertThat(threads).allMatch((name) -> name.startsWith("test-scheduler-") && name.endsWith(" (other)"));
		}
		finally {
			release.countDown();
			hung.stop();
			other.stop();
		}
	}

	@Test
	void aRunAskedForWhileTheTaskRunsFollowsItAndNeverOverlapsIt() throws InterruptedException {
		CountDownLatch firstRunStarted = new CountDownLatch(1);
		CountDownLatch releaseFirstRun = new CountDownLatch(1);
		AtomicInteger runs = new AtomicInteger();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger mostInFlight = new AtomicInteger();
		PeriodicTask task = new PeriodicTask(this.scheduler, "task", Duration.ofHours(1), () -> {
			mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			if (runs.incrementAndGet() == 1) {
				firstRunStarted.countDown();
				awaitQuietly(releaseFirstRun);
			}
			inFlight.decrementAndGet();
		});
		task.start(Duration.ZERO);
		try {
			assertThat(firstRunStarted.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
			task.runSoon();
			task.runSoon();
			releaseFirstRun.countDown();
			await(() -> runs.get() >= 2);
			assertThat(task.awaitIdle(System.nanoTime() + GENEROUS.toNanos())).isTrue();
			assertThat(runs).hasValue(2);
			assertThat(mostInFlight).hasValue(1);
		}
		finally {
			task.stop();
		}
	}

	@Test
	void anExceptionDoesNotEndTheLaterRuns() {
		AtomicInteger runs = new AtomicInteger();
		PeriodicTask task = new PeriodicTask(this.scheduler, "failing", Duration.ofMillis(20), () -> {
			runs.incrementAndGet();
			throw new IllegalStateException("fails");
		});
		task.start(Duration.ZERO);
		try {
			await(() -> runs.get() >= 3);
		}
		finally {
			task.stop();
		}
	}

	private static void await(java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + GENEROUS.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).isLessThan(deadline);
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
