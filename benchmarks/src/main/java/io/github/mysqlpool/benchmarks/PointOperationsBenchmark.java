package io.github.mysqlpool.benchmarks;

import java.util.concurrent.TimeUnit;

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

/**
 * End-to-end point reads and writes through {@code JdbcTemplate}, one variant per fork,
 * against the embedded primary and two replicas. Sample mode gives the latency
 * percentiles; throughput follows from the mean latency and the thread count, since every
 * thread calls in a closed loop.
 *
 * @author mysql-pool team
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PointOperationsBenchmark {

	/**
	 * The variant's id, see {@link Variant}.
	 */
	@Param("starter")
	public String variant = "starter";

	private PointOperations operations;

	@Setup(Level.Trial)
	public void start() {
		this.operations = Variant.of(this.variant).open(BenchmarkDatabase.get());
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.operations.close();
	}

	@Benchmark
	public Object read() {
		return this.operations.read(PointQueries.randomId());
	}

	@Benchmark
	public Object readInTransaction() {
		return this.operations.readInTransaction(PointQueries.randomId());
	}

	@Benchmark
	public int write() {
		return this.operations.write("bench", 1);
	}

}
