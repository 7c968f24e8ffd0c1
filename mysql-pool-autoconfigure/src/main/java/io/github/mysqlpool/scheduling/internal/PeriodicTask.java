package io.github.mysqlpool.scheduling.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * One periodic task of the starter (a probe of one server, the pool sampling, the kill
 * guard) on the starter's shared {@link TaskScheduler}: it runs again an interval after
 * each run ends, never twice at once, and as soon as a thread is free when asked to
 * ({@link #runSoon()}). While it runs, its thread's name ends with the task's name, so
 * that a thread dump says which server a blocked probe waits for.
 * <p>
 * Each task started adds a thread to a {@link ThreadPoolTaskScheduler} until it stops: as
 * a task holds at most one thread at a time, a task blocked on a hung server (until its
 * own timeouts end the wait) never delays another.
 *
 * @author mysql-pool team
 */
public final class PeriodicTask {

	private static final Log logger = LogFactory.getLog(PeriodicTask.class);

	private final TaskScheduler scheduler;

	private final String name;

	private final Duration interval;

	private final Runnable task;

	private @Nullable ScheduledFuture<?> next;

	private @Nullable Thread runner;

	private boolean runAgain;

	private boolean started;

	/**
	 * Create a task, not started yet.
	 * @param scheduler the starter's scheduler
	 * @param name what the task does, for its thread's name and the log
	 * @param interval time from the end of one run to the start of the next
	 * @param task the work of one run
	 */
	public PeriodicTask(TaskScheduler scheduler, String name, Duration interval, Runnable task) {
		this.scheduler = scheduler;
		this.name = name;
		this.interval = interval;
		this.task = task;
	}

	/**
	 * Run the task an interval from now, then periodically.
	 */
	public void start() {
		start(this.interval);
	}

	/**
	 * Run the task after a first delay, then periodically.
	 * @param delay time until the first run
	 */
	public synchronized void start(Duration delay) {
		if (this.started) {
			return;
		}
		reserveThreads(1);
		this.started = true;
		if (!schedule(delay)) {
			this.started = false;
			reserveThreads(-1);
			throw new IllegalStateException("The scheduler rejected " + this.name);
		}
	}

	/**
	 * Run the task as soon as a thread is free: at the end of the current run when it
	 * runs, unless a run is already due.
	 */
	public synchronized void runSoon() {
		if (!this.started) {
			return;
		}
		if (this.runner != null) {
			this.runAgain = true;
			return;
		}
		ScheduledFuture<?> pending = this.next;
		// Not cancelled: about to run
		if (pending == null || pending.cancel(false)) {
			schedule(Duration.ZERO);
		}
	}

	/**
	 * Stop the task: no further run starts, and the thread of a run in progress is
	 * interrupted. Does not wait for that run to end (see {@link #awaitIdle}).
	 */
	public synchronized void stop() {
		if (!this.started) {
			return;
		}
		this.started = false;
		ScheduledFuture<?> pending = this.next;
		this.next = null;
		if (pending != null) {
			pending.cancel(false);
		}
		Thread thread = this.runner;
		if (thread != null) {
			thread.interrupt();
		}
		reserveThreads(-1);
	}

	/**
	 * Wait until no run is in progress.
	 * @param deadline {@link System#nanoTime()} to give up at
	 * @return {@code true} when no run is in progress
	 */
	public synchronized boolean awaitIdle(long deadline) {
		try {
			while (this.runner != null) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.runner == null;
		}
	}

	/**
	 * Whether the task is started and not stopped.
	 * @return {@code true} while it runs periodically
	 */
	public synchronized boolean isStarted() {
		return this.started;
	}

	private boolean schedule(Duration delay) {
		try {
			this.next = this.scheduler.schedule(this::run, Instant.now().plus(delay));
			return true;
		}
		catch (TaskRejectedException ex) {
			logger.debug("mysql-pool scheduler rejected " + this.name + ": " + ex.getMessage());
			this.next = null;
			return false;
		}
	}

	private void run() {
		Thread thread = Thread.currentThread();
		synchronized (this) {
			if (!this.started || this.runner != null) {
				return;
			}
			this.runner = thread;
			this.runAgain = false;
		}
		String threadName = thread.getName();
		thread.setName(threadName + " (" + this.name + ")");
		try {
			this.task.run();
		}
		catch (Throwable ex) {
			// An exception escaping the task must not end its later runs
			logger.error("mysql-pool task '" + this.name + "' failed", ex);
		}
		finally {
			thread.setName(threadName);
			synchronized (this) {
				this.runner = null;
				if (this.started) {
					schedule(this.runAgain ? Duration.ZERO : this.interval);
				}
				notifyAll();
			}
		}
	}

	private void reserveThreads(int delta) {
		if (this.scheduler instanceof ThreadPoolTaskScheduler pool) {
			synchronized (pool) {
				int size = pool.getScheduledThreadPoolExecutor().getCorePoolSize() + delta;
				pool.setPoolSize(Math.max(size, 1));
			}
		}
	}

	@Override
	public String toString() {
		return this.name;
	}

}
