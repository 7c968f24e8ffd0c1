package io.github.mysqlpool.monitor.optimize.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.monitor.history.internal.PoolEvent;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.history.internal.PoolSample;
import io.github.mysqlpool.monitor.history.internal.PoolSampler;
import io.github.mysqlpool.monitor.internal.ServerInfo;
import io.github.mysqlpool.monitor.internal.ServerInfoReader;
import io.github.mysqlpool.monitor.optimize.internal.Recommendation.Action;
import io.github.mysqlpool.monitor.optimize.internal.Recommendation.Figures;
import io.github.mysqlpool.pool.MySqlPool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Suggests a size for each pool from what the history shows (peak concurrency, waiting
 * threads, acquire-time percentiles, utilization and Little's law), bounded by the
 * server's max_connections shared among the instances and by HikariCP's sizing guidance,
 * and applies it at run time through HikariCP's config MXBean.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class PoolOptimizer {

	private static final Log logger = LogFactory.getLog(PoolOptimizer.class);

	/**
	 * Below this peak utilization, with nobody waiting, the pool is larger than needed.
	 */
	static final double LOW_UTILIZATION = 0.5;

	/**
	 * Samples needed before shrinking (5 minutes at the default interval): growing is
	 * urgent, shrinking on a short quiet spell is not.
	 */
	static final int MIN_SAMPLES_TO_SHRINK = 30;

	private final OptimizerSettings settings;

	private final PoolHistory history;

	private final PoolSampler sampler;

	private final ServerInfoReader serverInfo;

	private final Clock clock;

	/**
	 * Create the optimizer.
	 * @param settings bounds and targets
	 * @param history the samples to reason on
	 * @param sampler reads the pools' current figures
	 * @param serverInfo the servers' max_connections
	 * @param clock the clock
	 */
	public PoolOptimizer(OptimizerSettings settings, PoolHistory history, PoolSampler sampler,
			ServerInfoReader serverInfo, Clock clock) {
		this.settings = settings;
		this.history = history;
		this.sampler = sampler;
		this.serverInfo = serverInfo;
		this.clock = clock;
	}

	/**
	 * Suggest a size for a pool.
	 * @param pool the pool
	 * @return the recommendation, or {@code null} for a pool that is not a HikariCP pool
	 */
	public @Nullable Recommendation recommend(MySqlPool pool) {
		HikariDataSource hikari = pool.getHikari();
		if (hikari == null) {
			return null;
		}
		List<PoolSample> samples = new ArrayList<>(this.history.samples(pool.getName()));
		samples.add(this.sampler.live(pool));
		Figures figures = figures(pool, samples, hikari.getMaximumPoolSize());
		return decide(pool.getName(), hikari.getMaximumPoolSize(), hikari.getMinimumIdle(), figures);
	}

	Recommendation decide(String pool, int currentMax, int currentMinIdle, Figures figures) {
		List<String> reasoning = new ArrayList<>();
		int demand = Math.max(figures.peakConcurrency(), (int) Math.ceil(figures.littlesLawConnections()));
		reasoning.add("Observed peak concurrency " + figures.peakConcurrency() + " (" + figures.peakActive()
				+ " in use + " + figures.peakPending() + " waiting) over " + figures.samples()
				+ " samples; Little's law " + round(figures.throughputPerSecond()) + " borrows/s x "
				+ round(figures.meanHoldMillis()) + " ms held = " + round(figures.littlesLawConnections())
				+ " connections busy on average; demand " + demand + ".");
		double targetMillis = this.settings.targetAcquireTime().toMillis();
		boolean callersWaited = figures.peakPending() > 0 || figures.acquireP95Millis() >= targetMillis;
		int suggested;
		Action action;
		if (callersWaited) {
			suggested = Math.max(currentMax + 1, withHeadroom(demand));
			action = Action.GROW;
			reasoning.add("Callers waited (peak " + figures.peakPending() + " threads waiting, acquire p95 "
					+ round(figures.acquireP95Millis()) + " ms, p99 " + round(figures.acquireP99Millis())
					+ " ms, target " + round(targetMillis) + " ms): grow to demand plus "
					+ Math.round(this.settings.headroom() * 100) + "% headroom = " + suggested + ".");
		}
		else if (figures.peakUtilization() < LOW_UTILIZATION && currentMax > 1
				&& figures.samples() < MIN_SAMPLES_TO_SHRINK) {
			suggested = currentMax;
			action = Action.KEEP;
			reasoning.add("Peak utilization " + Math.round(figures.peakUtilization() * 100) + "% but only "
					+ figures.samples() + " samples observed: at least " + MIN_SAMPLES_TO_SHRINK
					+ " are needed before suggesting a smaller pool.");
		}
		else if (figures.peakUtilization() < LOW_UTILIZATION && currentMax > 1) {
			suggested = Math.min(currentMax, withHeadroom(Math.max(1, demand)));
			action = (suggested < currentMax) ? Action.SHRINK : Action.KEEP;
			reasoning.add("Peak utilization " + Math.round(figures.peakUtilization() * 100)
					+ "% with nobody waiting: the pool can shrink to demand plus headroom = " + suggested + ".");
		}
		else {
			suggested = currentMax;
			action = Action.KEEP;
			reasoning.add("Peak utilization " + Math.round(figures.peakUtilization() * 100)
					+ "% and no caller waited beyond the target: the size fits the load.");
		}
		suggested = bound(suggested, figures, reasoning);
		if (suggested == currentMax) {
			action = Action.KEEP;
		}
		else if (action == Action.KEEP) {
			action = (suggested > currentMax) ? Action.GROW : Action.SHRINK;
		}
		int minimumIdle = suggestMinimumIdle(currentMax, currentMinIdle, suggested, reasoning);
		return new Recommendation(pool, currentMax, currentMinIdle, suggested, minimumIdle, action, figures,
				List.copyOf(reasoning));
	}

	private int withHeadroom(int demand) {
		return (int) Math.ceil(demand * (1 + this.settings.headroom()));
	}

	private int bound(int suggested, Figures figures, List<String> reasoning) {
		int bounded = suggested;
		if (figures.serverShare() != null && bounded > figures.serverShare()) {
			bounded = (int) Math.max(1, figures.serverShare());
			reasoning.add("Capped at the server's max_connections " + figures.serverMaxConnections() + " / "
					+ figures.instances() + " instances = " + figures.serverShare() + ".");
		}
		if (figures.hikariFormula() != null && bounded > figures.hikariFormula()) {
			bounded = figures.hikariFormula();
			reasoning.add("Capped at HikariCP's formula (server cores x 2) + 1 = " + figures.hikariFormula()
					+ ": more connections than that queue on the server instead of in the pool.");
		}
		if (bounded > this.settings.maximumPoolSize()) {
			bounded = this.settings.maximumPoolSize();
			reasoning.add("Capped at mysql-pool.optimize.maximum-pool-size = " + bounded + ".");
		}
		if (bounded < this.settings.minimumPoolSize()) {
			bounded = this.settings.minimumPoolSize();
			reasoning.add("Raised to mysql-pool.optimize.minimum-pool-size = " + bounded + ".");
		}
		return bounded;
	}

	private static int suggestMinimumIdle(int currentMax, int currentMinIdle, int suggestedMax,
			List<String> reasoning) {
		if (currentMinIdle >= currentMax) {
			reasoning.add("HikariCP recommends a fixed-size pool (minimum-idle = maximum-pool-size), as configured: "
					+ "minimum-idle " + suggestedMax + ".");
			return suggestedMax;
		}
		int minimumIdle = Math.min(currentMinIdle, suggestedMax);
		reasoning.add("minimum-idle kept at " + minimumIdle
				+ " (HikariCP recommends a fixed-size pool; set minimum-idle to the maximum for steady load).");
		return minimumIdle;
	}

	/**
	 * The figures of a pool's samples. Waiting threads and acquire times count only from
	 * samples taken at the current size or larger (acquire times from whole intervals at
	 * that size): callers who waited for a smaller pool say nothing about this one, and
	 * counting them would grow the pool again after each resize.
	 */
	private Figures figures(MySqlPool pool, List<PoolSample> samples, int currentMax) {
		int peakActive = 0;
		int peakPending = 0;
		int peakConcurrency = 0;
		double peakUtilization = 0;
		double acquireP95 = 0;
		double acquireP99 = 0;
		double holdSum = 0;
		long holdCount = 0;
		@Nullable PoolSample previous = null;
		for (PoolSample sample : samples) {
			peakActive = Math.max(peakActive, sample.active());
			peakConcurrency = Math.max(peakConcurrency, sample.active() + sample.pending());
			peakUtilization = Math.max(peakUtilization, sample.utilization());
			if (sample.max() >= currentMax) {
				peakPending = Math.max(peakPending, sample.pending());
			}
			if (sample.max() >= currentMax && previous != null && previous.max() >= currentMax) {
				acquireP95 = Math.max(acquireP95, sample.acquireTime().p95());
				acquireP99 = Math.max(acquireP99, sample.acquireTime().p99());
			}
			previous = sample;
			holdSum += sample.usageTime().mean() * sample.usageTime().count();
			holdCount += sample.usageTime().count();
		}
		PoolSample first = samples.get(0);
		PoolSample last = samples.get(samples.size() - 1);
		double windowSeconds = Duration.between(first.time(), last.time()).toMillis() / 1000.0;
		double throughput = (windowSeconds > 0) ? (last.borrows() - first.borrows()) / windowSeconds : 0;
		double meanHold = (holdCount > 0) ? holdSum / holdCount : 0;
		ServerInfo server = this.serverInfo.cached(pool);
		Long maxConnections = (server != null) ? server.maxConnections() : null;
		Long share = (maxConnections != null) ? maxConnections / this.settings.instances() : null;
		Integer cores = this.settings.serverCores();
		return new Figures(samples.size(), windowSeconds, peakActive, peakPending, peakConcurrency,
				round(peakUtilization), acquireP95, acquireP99, round(throughput), round(meanHold),
				round(throughput * meanHold / 1000), maxConnections, this.settings.instances(), share,
				(cores != null) ? cores * 2 + 1 : null);
	}

	/**
	 * Apply a recommendation to a running or not yet started pool, within the configured
	 * bounds, and record the change in the history and the log.
	 * @param pool the pool
	 * @param recommendation what to apply
	 * @return the change
	 */
	public PoolSizeChange apply(MySqlPool pool, Recommendation recommendation) {
		HikariDataSource hikari = pool.getHikari();
		if (hikari == null) {
			throw new IllegalStateException("Pool '" + pool.getName() + "' is not a HikariCP pool");
		}
		HikariConfigMXBean config = hikari.getHikariConfigMXBean();
		int maxBefore = config.getMaximumPoolSize();
		int minBefore = config.getMinimumIdle();
		int max = Math.max(this.settings.minimumPoolSize(),
				Math.min(this.settings.maximumPoolSize(), recommendation.maximumPoolSize()));
		int minIdle = Math.min(max, recommendation.minimumIdle());
		String reason = recommendation.reasoning().isEmpty() ? recommendation.action().name()
				: String.join(" ", recommendation.reasoning());
		if (max == maxBefore && minIdle == minBefore) {
			return new PoolSizeChange(pool.getName(), this.clock.instant(), maxBefore, minBefore, max, minIdle, false,
					"The pool already has the recommended size.");
		}
		// Raise the maximum before the minimum, and lower the minimum before the maximum,
		// so that minimum-idle never exceeds the maximum in between
		if (max >= maxBefore) {
			config.setMaximumPoolSize(max);
			config.setMinimumIdle(minIdle);
		}
		else {
			config.setMinimumIdle(minIdle);
			config.setMaximumPoolSize(max);
		}
		PoolSizeChange change = new PoolSizeChange(pool.getName(), this.clock.instant(), maxBefore, minBefore, max,
				minIdle, true, reason);
		String description = "maximum-pool-size " + maxBefore + " -> " + max + ", minimum-idle " + minBefore + " -> "
				+ minIdle;
		this.history.addEvent(new PoolEvent(change.time(), pool.getName(), "optimize", description));
		logger.info("mysql-pool optimizer resized pool '" + pool.getName() + "': " + description + " ("
				+ recommendation.action() + ")");
		if (max > maxBefore) {
			wakeWaitingCallers(pool.getName(), hikari);
		}
		return change;
	}

	/**
	 * HikariCP adds connections for callers already waiting only when another borrow
	 * starts waiting, else at its next housekeeping run (30 s later). One borrow, given
	 * back at once, makes it open the connections the larger size allows now; the waiting
	 * callers receive them.
	 */
	private static void wakeWaitingCallers(String pool, HikariDataSource hikari) {
		HikariPoolMXBean mxBean = hikari.isRunning() ? hikari.getHikariPoolMXBean() : null;
		if (mxBean == null || mxBean.getThreadsAwaitingConnection() == 0) {
			return;
		}
		try (Connection connection = hikari.getConnection()) {
			logger.debug("Pool '" + pool + "' resized with callers waiting: new connections requested");
		}
		catch (SQLException ex) {
			logger.debug("Pool '" + pool + "' could not open a connection after resizing: " + ex.getMessage());
		}
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

}
