package io.github.mysqlpool.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * {@code @ReadOnly} point reads through the starter with two replicas, one of them slowed
 * down by a background workload ({@link TableLockBursts}: a table lock held for
 * {@link #HOLD} every {@link #PERIOD}), with each replica selection strategy. Sample mode
 * gives the read latency percentiles; the share of reads the slow replica served is kept
 * for the report.
 *
 * @author mysql-pool team
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SlowReplicaBenchmark {

	static final Duration HOLD = Duration.ofMillis(5);

	static final Duration PERIOD = Duration.ofMillis(20);

	/**
	 * Share of the reads served by the slow replica, per strategy and thread count.
	 */
	static final Map<String, Double> slowShares = new ConcurrentHashMap<>();

	/**
	 * The {@code mysql-pool.replication.strategy} of the run.
	 */
	@Param({ "round-robin", "least-active", "latency-aware" })
	public String strategy = "latency-aware";

	private SpringOperations starter;

	private TableLockBursts load;

	private MySqlPool fast;

	private MySqlPool slow;

	private long fastBefore;

	private long slowBefore;

	@Setup(Level.Trial)
	public void start() {
		ReplicatedMariaDb db = BenchmarkDatabase.get();
		this.starter = StarterOperations.start(db, 2, Map.of("mysql-pool.replication.strategy", this.strategy));
		MySqlPools pools = this.starter.context().getBean(MySqlPools.class);
		this.fast = pools.getReplicas().get(0);
		this.slow = pools.getReplicas().get(1);
		this.load = TableLockBursts.start(db.replica(1), db, HOLD, PERIOD);
	}

	@Setup(Level.Iteration)
	public void count() {
		this.fastBefore = this.fast.getRoutedBorrows();
		this.slowBefore = this.slow.getRoutedBorrows();
	}

	@TearDown(Level.Iteration)
	public void share(BenchmarkParams params) {
		double fastReads = this.fast.getRoutedBorrows() - this.fastBefore;
		double slowReads = this.slow.getRoutedBorrows() - this.slowBefore;
		slowShares.put(this.strategy + "@" + params.getThreads(), slowReads / Math.max(1, fastReads + slowReads));
	}

	@TearDown(Level.Trial)
	public void stop() throws InterruptedException {
		this.load.close();
		this.starter.close();
	}

	@Benchmark
	public Object read() {
		return this.starter.read(PointQueries.randomId());
	}

}
