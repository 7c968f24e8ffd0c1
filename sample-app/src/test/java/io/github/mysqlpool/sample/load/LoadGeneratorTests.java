package io.github.mysqlpool.sample.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.mysqlpool.consistency.ReadYourWrites;
import io.github.mysqlpool.pool.MySqlPools;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generator against the embedded replicated database.
 *
 * @author mysql-pool team
 */
@SpringBootTest
class LoadGeneratorTests {

	@Autowired
	private LoadOperations operations;

	@Autowired
	private MySqlPools pools;

	@Autowired
	private ReadYourWrites readYourWrites;

	@Test
	void drivesReadsOnBothReplicasAndWritesOnThePrimaryAndReportsThem() throws Exception {
		LoadTestProperties properties = new LoadTestProperties();
		properties.setDuration(Duration.ofSeconds(3));
		properties.setThreads(4);
		properties.setReadRatio(0.8);
		properties.setProgressInterval(Duration.ofMillis(500));
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		long fencedReads = this.readYourWrites.getReplicaWaits() + this.readYourWrites.getPrimaryReads();
		long start = System.nanoTime();
		LoadReport report = new LoadGenerator(this.operations, this.pools, properties,
				new PrintStream(output, true, StandardCharsets.UTF_8))
			.run();
		long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
		assertThat(report.errors()).isEmpty();
		// Each operation stands for a client of its own: no read waits for an earlier
		// order
		assertThat(this.readYourWrites.getReplicaWaits() + this.readYourWrites.getPrimaryReads())
			.isEqualTo(fencedReads);
		assertThat(report.latencies()).containsKeys("read replica-1", "read replica-2", "write primary");
		assertThat(report.throughput().get("read replica-1")).isPositive();
		assertThat(report.latencies().get("write primary").percentileMillis(0.99)).isPositive();
		String printed = output.toString(StandardCharsets.UTF_8);
		assertThat(printed).contains("Load test: 4 threads, 80% reads")
			.contains(" ops (")
			.contains("Load test finished in")
			.contains("p99 ms")
			.contains("Errors: none")
			.contains("routed borrows");
		long progressLines = printed.lines().filter((line) -> line.startsWith("[")).count();
		// One line per 500 ms of the run, the drain of the last operations included,
		// however long a busy machine makes it
		assertThat(progressLines).isBetween(1L, elapsedMillis / 500);
		System.out.println(printed);
	}

}
