package io.github.mysqlpool.sample.load;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the load generator, which runs when a duration is given.
 *
 * @author mysql-pool team
 */
@ConfigurationProperties("load-test")
public class LoadTestProperties {

	/**
	 * How long to drive load; the load generator runs only when this is set.
	 */
	private @Nullable Duration duration;

	/**
	 * Number of threads driving load at once.
	 */
	private int threads = 8;

	/**
	 * Share of operations that are reads (the rest place orders), from 0 to 1.
	 */
	private double readRatio = 0.9;

	/**
	 * How often to print a progress line.
	 */
	private Duration progressInterval = Duration.ofSeconds(1);

	/**
	 * Whether to stop the application once the report is printed.
	 */
	private boolean exit = true;

	public @Nullable Duration getDuration() {
		return this.duration;
	}

	public void setDuration(@Nullable Duration duration) {
		this.duration = duration;
	}

	public int getThreads() {
		return this.threads;
	}

	public void setThreads(int threads) {
		this.threads = threads;
	}

	public double getReadRatio() {
		return this.readRatio;
	}

	public void setReadRatio(double readRatio) {
		this.readRatio = readRatio;
	}

	public Duration getProgressInterval() {
		return this.progressInterval;
	}

	public void setProgressInterval(Duration progressInterval) {
		this.progressInterval = progressInterval;
	}

	public boolean isExit() {
		return this.exit;
	}

	public void setExit(boolean exit) {
		this.exit = exit;
	}

}
