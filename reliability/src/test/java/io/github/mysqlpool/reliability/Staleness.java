package io.github.mysqlpool.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

import io.github.mysqlpool.reliability.HeartbeatWriter.Acknowledgements;
import io.github.mysqlpool.reliability.Workers.ReadRecord;

/**
 * How stale the reads were, per kind of read. A read should see every write acknowledged
 * before it was called; its staleness is the time from the acknowledgement of the first
 * heartbeat it missed to the moment it was called, 0 when it missed none. That is a lower
 * bound of its true staleness, exact to one heartbeat interval (it may also have missed
 * other writes committed in the interval before that heartbeat). It does not count time
 * the call spent in flight: a read held up by a hung replica and answered on its return
 * answers as of when it was asked. A read breaks its promise when it is staler than its
 * bound (max-lag, or the bound of its annotation) plus the time the replica monitor may
 * take to notice: one probe interval and one probe timeout. A read answered by the
 * primary of the moment (the server the heartbeats went to when it was called) must not
 * be stale at all. Heartbeats lost in a failover are not counted as acknowledged.
 *
 * @author mysql-pool team
 */
final class Staleness {

	/** How long a replica may stay in rotation after its lag crossed its bound. */
	static final long DETECTION_MICROS = (SoakApplication.PROBE_INTERVAL.toNanos()
			+ SoakApplication.PROBE_TIMEOUT.toNanos()) / 1000;

	private final Map<Operation, Figures> figures = new EnumMap<>(Operation.class);

	private final List<String> violations = new ArrayList<>();

	private final List<StaleRead> overBound = new ArrayList<>();

	private Staleness() {
	}

	/**
	 * Analyze the reads.
	 * @param reads the successful reads
	 * @param acknowledgements the heartbeats acknowledged
	 * @param primaryAt the server id of the primary at an instant from
	 * {@link System#nanoTime()}
	 * @return the analysis
	 */
	static Staleness analyze(List<ReadRecord> reads, Acknowledgements acknowledgements, LongUnaryOperator primaryAt) {
		Staleness staleness = new Staleness();
		Map<Operation, List<Long>> replicaStaleness = new EnumMap<>(Operation.class);
		for (ReadRecord read : reads) {
			Operation operation = read.operation();
			Figures figures = staleness.figures.computeIfAbsent(operation, (key) -> new Figures());
			figures.reads++;
			long stale = acknowledgements.staleMicros(read.reading().seq(), read.startMicros());
			if (read.reading().serverId() == primaryAt.applyAsLong(read.startNanos())) {
				figures.byPrimary++;
				figures.primaryMaxMicros = Math.max(figures.primaryMaxMicros, stale);
				if (stale > 0) {
					staleness.violations.add(operation.label() + " on the primary was " + stale / 1000
							+ " ms stale: the measure itself is wrong");
				}
				continue;
			}
			figures.byReplica++;
			replicaStaleness.computeIfAbsent(operation, (key) -> new ArrayList<>()).add(stale);
			if (stale > operation.boundMicros()) {
				figures.overBound++;
				staleness.overBound.add(new StaleRead(read, stale));
			}
			if (stale > operation.boundMicros() + DETECTION_MICROS) {
				figures.overBoundAndDetection++;
				staleness.violations.add(operation.label() + " on server " + read.reading().serverId() + " was "
						+ stale / 1000 + " ms stale (heartbeat " + read.reading().seq() + ")");
			}
		}
		replicaStaleness.forEach((operation, values) -> {
			long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
			Arrays.sort(sorted);
			Figures figures = staleness.figures.get(operation);
			figures.maxMicros = sorted[sorted.length - 1];
			figures.p99Micros = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
			figures.p50Micros = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.5) - 1)];
		});
		return staleness;
	}

	Map<Operation, Figures> figures() {
		return this.figures;
	}

	/**
	 * Reads that broke their promise, or served by the primary yet stale.
	 * @return descriptions, empty when none
	 */
	List<String> violations() {
		return this.violations;
	}

	long overBound() {
		return this.figures.values().stream().mapToLong((each) -> each.overBound).sum();
	}

	/**
	 * The stalest reads beyond their bound.
	 * @param count how many
	 * @return the reads, stalest first
	 */
	List<StaleRead> stalest(int count) {
		return this.overBound.stream()
			.sorted(Comparator.comparingLong(StaleRead::staleMicros).reversed())
			.limit(count)
			.toList();
	}

	/**
	 * A read served staler than its bound.
	 *
	 * @param read the read
	 * @param staleMicros how stale it was
	 */
	record StaleRead(ReadRecord read, long staleMicros) {

	}

	/**
	 * Figures of one kind of read.
	 */
	static final class Figures {

		long reads;

		long byReplica;

		long byPrimary;

		long p50Micros;

		long p99Micros;

		long maxMicros;

		long primaryMaxMicros;

		long overBound;

		long overBoundAndDetection;

	}

}
