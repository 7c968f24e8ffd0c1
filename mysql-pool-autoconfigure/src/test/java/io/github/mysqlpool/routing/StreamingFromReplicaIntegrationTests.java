package io.github.mysqlpool.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's streaming recipe on the embedded topology: a million rows (300 MB) read
 * from a replica through {@code JdbcTemplate} with a fetch size of
 * {@code Integer.MIN_VALUE}, in a JVM whose heap (48 MB) could not hold them. The same
 * read without the fetch size runs out of memory there, which shows the bound is tight
 * enough to catch a result held in memory; no figure depends on timing.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class StreamingFromReplicaIntegrationTests {

	private static final String MAX_HEAP = "-Xmx48m";

	@Test
	void millionRowsStreamFromAReplicaInABoundedHeap(ReplicatedMariaDb db) throws Exception {
		Result streamed = run(db, Integer.MIN_VALUE);
		assertThat(streamed.exitCode()).as(streamed.output()).isZero();
		assertThat(streamed.output()).contains("rows=" + StreamingFromReplicaMain.ROWS + " ")
			.contains("bytes=" + StreamingFromReplicaMain.ROWS * 300 + " ")
			.contains("server=" + db.replica(0).serverId() + " ");
	}

	@Test
	void sameReadWithoutStreamingDoesNotFitThatHeap(ReplicatedMariaDb db) throws Exception {
		Result buffered = run(db, 0);
		assertThat(buffered.exitCode()).as(buffered.output()).isNotZero();
		assertThat(buffered.output()).contains("OutOfMemoryError");
	}

	private static Result run(ReplicatedMariaDb db, int fetchSize) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(List.of(java, MAX_HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp",
				System.getProperty("java.class.path"), StreamingFromReplicaMain.class.getName(), db.primary().jdbcUrl(),
				db.replica(0).jdbcUrl(), db.username(), db.password(), Integer.toString(fetchSize)))
			.redirectErrorStream(true)
			.start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(10, TimeUnit.MINUTES)) {
			process.destroyForcibly();
		}
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	private record Result(int exitCode, String output) {

	}

}
