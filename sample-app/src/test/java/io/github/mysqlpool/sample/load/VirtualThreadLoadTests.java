package io.github.mysqlpool.sample.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.mysqlpool.pool.MySqlPools;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.task.VirtualThreadTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generator on virtual threads ({@code spring.threads.virtual.enabled}), far
 * more of them than connections: it finishes, no carrier thread is pinned (JFR's
 * {@code jdk.VirtualThreadPinned}, recorded at any duration) and no platform thread is
 * deadlocked. A first run warms up. Class loading and initialization still pin in Java
 * 25, which is the JDK's and not a stall of the starter's, and a second run can still
 * load a class the first did not need: such pinnings, identified by their stack, are the
 * only ones allowed.
 *
 * @author mysql-pool team
 */
@SpringBootTest(properties = "spring.threads.virtual.enabled=true")
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadLoadTests {

	private static final int THREADS = 200;

	private static final Duration DURATION = Duration.ofSeconds(5);

	@Autowired
	private LoadOperations operations;

	@Autowired
	private MySqlPools pools;

	@Test
	void manyVirtualThreadsFinishWithoutPinningOrDeadlock(@TempDir Path dir) throws Exception {
		assertThat(run(dir.resolve("warm-up.jfr")).errors()).isEmpty();
		Path file = dir.resolve("load.jfr");
		LoadReport report = run(file);
		assertThat(report.errors()).isEmpty();
		assertThat(report.throughput().get("read replica-1")).isPositive();
		assertThat(report.throughput().get("write primary")).isPositive();
		assertThat(deadlocked()).isEmpty();
		List<RecordedEvent> all = RecordingFile.readAllEvents(file)
			.stream()
			.filter((event) -> event.getEventType().getName().equals("jdk.VirtualThreadPinned"))
			.toList();
		List<RecordedEvent> pinned = all.stream().filter((event) -> !whileLoadingOrInitializingAClass(event)).toList();
		System.out.printf(
				"Virtual threads pinned in the recorded run: %d, all while loading or initializing a class: %s%n",
				all.size(), pinned.isEmpty());
		assertThat(pinned)
			.as("carrier threads pinned:%n%s", pinned.stream().map(VirtualThreadLoadTests::describe).toList())
			.isEmpty();
		assertThat(Files.size(file)).isPositive();
	}

	private LoadReport run(Path file) throws Exception {
		LoadTestProperties properties = new LoadTestProperties();
		properties.setDuration(DURATION);
		properties.setThreads(THREADS);
		properties.setReadRatio(0.8);
		properties.setProgressInterval(Duration.ofSeconds(1));
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		LoadGenerator generator = new LoadGenerator(this.operations, this.pools, properties,
				new PrintStream(output, true, StandardCharsets.UTF_8),
				new VirtualThreadTaskExecutor("load-").getVirtualThreadFactory());
		LoadReport report;
		try (Recording recording = new Recording()) {
			recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
			recording.start();
			CompletableFuture<LoadReport> run = CompletableFuture.supplyAsync(() -> {
				try {
					return generator.run();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			// Generous: the run drains its operations in flight after its duration
			try {
				report = run.get(DURATION.toSeconds() + 120, TimeUnit.SECONDS);
			}
			catch (TimeoutException ex) {
				generator.stop();
				throw new AssertionError(String.format(
						"The load on %d virtual threads did not finish: " + "deadlocked platform threads %s%n%s",
						THREADS, deadlocked(), output.toString(StandardCharsets.UTF_8)));
			}
			recording.stop();
			recording.dump(file);
		}
		return report;
	}

	private static boolean whileLoadingOrInitializingAClass(RecordedEvent event) {
		String reason = reason(event);
		if (reason.startsWith("Waited for initialization of")) {
			return true;
		}
		RecordedStackTrace stackTrace = event.getStackTrace();
		return stackTrace != null && stackTrace.getFrames().stream().anyMatch((frame) -> {
			String method = frame.getMethod().getName();
			String type = frame.getMethod().getType().getName();
			return method.equals("<clinit>") || (method.startsWith("loadClass") && type.endsWith("ClassLoader"));
		});
	}

	// Java 24 added the field
	private static String reason(RecordedEvent event) {
		String reason = event.hasField("pinnedReason") ? event.getString("pinnedReason") : null;
		return (reason != null) ? reason : "";
	}

	private static String describe(RecordedEvent event) {
		StringBuilder description = new StringBuilder(reason(event)).append(':');
		RecordedStackTrace stackTrace = event.getStackTrace();
		if (stackTrace != null) {
			for (RecordedFrame frame : stackTrace.getFrames()) {
				description.append("\n    ")
					.append(frame.getMethod().getType().getName())
					.append('.')
					.append(frame.getMethod().getName())
					.append(':')
					.append(frame.getLineNumber());
			}
		}
		return description.toString();
	}

	private static List<Long> deadlocked() {
		long[] ids = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
		return (ids != null) ? Arrays.stream(ids).boxed().toList() : List.of();
	}

}
