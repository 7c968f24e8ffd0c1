package io.github.mysqlpool.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.github.mysqlpool.reliability.LedgerCheck.Result;
import io.github.mysqlpool.reliability.SoakApplication.ReplicaEvents.Change;
import io.github.mysqlpool.reliability.SoakApplication.ReplicaEvents.WriterChange;
import io.github.mysqlpool.reliability.Staleness.Figures;
import io.github.mysqlpool.reliability.Staleness.StaleRead;
import io.github.mysqlpool.reliability.Workers.FailedRead;
import io.github.mysqlpool.reliability.Workers.ReadRecord;
import io.github.mysqlpool.reliability.Workers.WriteOutcome;
import io.github.mysqlpool.reliability.Workers.WriteRecord;
import org.jspecify.annotations.Nullable;

/**
 * The printed outcome of a soak run: faults with their detection and recovery times, the
 * ledger check, staleness per kind of read, errors seen by callers, pools and workers.
 *
 * @author mysql-pool team
 */
final class SoakReport {

	/** A replica already out of rotation when its fault was injected. */
	static final long ALREADY_OUT = -2;

	private final StringBuilder text = new StringBuilder();

	private final long startNanos;

	SoakReport(long startNanos) {
		this.startNanos = startNanos;
	}

	SoakReport line(String format, Object... arguments) {
		this.text.append(String.format(Locale.ROOT, format, arguments)).append('\n');
		return this;
	}

	SoakReport faults(List<FaultRecord> faults, List<Change> changes, List<WriteRecord> writes,
			List<FailedRead> failedReads) {
		line("");
		line("Faults (recovery: from the fault undone to the first write acknowledged and the first read on each "
				+ "replica, each begun after it; replica 1 and 2 are the replicas of that moment in start order)");
		line("%-3s %-7s %-62s %8s %9s %10s %8s %8s %8s  %s", "#", "at", "fault", "held s", "out of", "recovered",
				"writes", "replica", "replica", "caller errors during the fault / notes");
		line("%-3s %-7s %-62s %8s %9s %10s %8s %8s %8s", "", "", "", "", "rotation", "after s", "s", "1 s", "2 s");
		for (FaultRecord fault : faults) {
			FaultPlan plan = fault.plan();
			String detection = "";
			if (plan.type().onReplica()) {
				Long detected = detection(changes, readPool(fault.target()), fault.injectedNanos());
				detection = (detected == null) ? "never" : (detected == ALREADY_OUT) ? "was out" : seconds(detected);
			}
			String what = plan.describe().substring(plan.describe().indexOf(' ') + 1);
			if (plan.type().onReplica()) {
				what = what.replace("replica-" + (plan.replica() + 1), fault.target());
			}
			line("%-3d %-7s %-62s %8s %9s %10s %8s %8s %8s  %s; %s", plan.number(), at(fault.injectedNanos()), what,
					seconds(fault.clearedNanos() - fault.injectedNanos()), detection,
					recovery(fault.recoveredAfterNanos()), recovery(target(fault, 0)), recovery(target(fault, 1)),
					recovery(target(fault, 2)), errorsDuring(fault, writes, failedReads), fault.notes());
		}
		return this;
	}

	/**
	 * One line per fault type: how often it was injected, and the slowest and median
	 * times to leave rotation (replica faults) and to recover.
	 */
	SoakReport summary(List<FaultRecord> faults, List<Change> changes, List<WriteRecord> writes,
			List<FailedRead> failedReads) {
		line("");
		line("%-45s %6s %22s %22s %s", "fault type", "times", "out of rotation s", "recovered after s",
				"caller errors during the faults");
		line("%-45s %6s %22s %22s", "", "", "median / max", "median / max");
		for (FaultType type : FaultType.values()) {
			List<FaultRecord> ofType = faults.stream().filter((fault) -> fault.plan().type() == type).toList();
			if (ofType.isEmpty()) {
				line("%-45s %6d", type.description(), 0);
				continue;
			}
			List<Long> detections = new ArrayList<>();
			List<Long> recoveries = new ArrayList<>();
			Map<String, Integer> errors = new TreeMap<>();
			for (FaultRecord fault : ofType) {
				if (type.onReplica()) {
					Long detected = detection(changes, readPool(fault.target()), fault.injectedNanos());
					if (detected == null || detected != ALREADY_OUT) {
						detections.add((detected != null) ? detected : RecoveryWatch.NOT_RECOVERED);
					}
				}
				recoveries.add(fault.recoveredAfterNanos());
				countErrors(fault, writes, failedReads, errors);
			}
			line("%-45s %6d %22s %22s %s", type.description(), ofType.size(),
					type.onReplica() ? medianAndMax(detections) : "-", medianAndMax(recoveries),
					errors.isEmpty() ? "none" : errors.toString());
		}
		return this;
	}

	private static String medianAndMax(List<Long> nanos) {
		if (nanos.contains(RecoveryWatch.NOT_RECOVERED)) {
			return "NEVER";
		}
		if (nanos.isEmpty()) {
			return "-";
		}
		List<Long> sorted = nanos.stream().sorted().toList();
		return seconds(sorted.get((sorted.size() - 1) / 2)) + " / " + seconds(sorted.get(sorted.size() - 1));
	}

	/**
	 * One line per event that may interrupt writes (each fault's injection, each
	 * switchover, each failover): when the starter sent writes to the new primary, how
	 * long writes were unavailable (from the event to the first acknowledged write begun
	 * after it) and the slowest call in flight from the event to the next one or to the
	 * fault's recovery.
	 */
	SoakReport events(List<FaultRecord> faults, List<WriterChange> writerChanges, List<WriteRecord> writes,
			List<ReadRecord> reads, List<FailedRead> failedReads) {
		line("");
		line("Events (writes unavailable: from the event to the first acknowledged write begun after it; slowest "
				+ "caller: the longest call in flight from the event to the next one or to the recovery)");
		line("%-3s %-7s %-52s %10s %12s %10s  %s", "#", "at", "event", "followed", "writes", "slowest", "slowest call");
		line("%-3s %-7s %-52s %10s %12s %10s", "", "", "", "after s", "unavailable s", "caller s");
		for (FaultRecord fault : faults) {
			for (EventFigures figures : eventFigures(fault, writerChanges, writes, reads, failedReads)) {
				line("%-3d %-7s %-52s %10s %12s %10s  %s", fault.plan().number(), at(figures.event().nanos()),
						figures.event().what(),
						figures.event().changesWriter() ? recovery(figures.followedNanos()) : "-",
						recovery(figures.unavailableNanos()), seconds(figures.slowestNanos()), figures.slowest());
			}
		}
		return this;
	}

	/**
	 * Per fault type, the median and largest time writes were unavailable and the slowest
	 * caller, over its events.
	 */
	SoakReport eventSummary(List<FaultRecord> faults, List<WriterChange> writerChanges, List<WriteRecord> writes,
			List<ReadRecord> reads, List<FailedRead> failedReads) {
		line("");
		line("%-45s %7s %24s %24s %16s", "fault type", "events", "writes unavailable s", "starter followed s",
				"slowest caller s");
		line("%-45s %7s %24s %24s %16s", "", "", "median / max", "median / max", "max");
		for (FaultType type : FaultType.values()) {
			List<Long> unavailable = new ArrayList<>();
			List<Long> followed = new ArrayList<>();
			long slowest = 0;
			for (FaultRecord fault : faults) {
				if (fault.plan().type() != type) {
					continue;
				}
				for (EventFigures figures : eventFigures(fault, writerChanges, writes, reads, failedReads)) {
					unavailable.add(figures.unavailableNanos());
					if (figures.event().changesWriter()) {
						followed.add(figures.followedNanos());
					}
					slowest = Math.max(slowest, figures.slowestNanos());
				}
			}
			if (!unavailable.isEmpty()) {
				line("%-45s %7d %24s %24s %16s", type.description(), unavailable.size(), medianAndMax(unavailable),
						followed.isEmpty() ? "-" : medianAndMax(followed), seconds(slowest));
			}
		}
		return this;
	}

	static List<EventFigures> eventFigures(FaultRecord fault, List<WriterChange> writerChanges,
			List<WriteRecord> writes, List<ReadRecord> reads, List<FailedRead> failedReads) {
		List<EventFigures> figures = new ArrayList<>();
		List<FaultEvent> events = fault.events();
		for (int i = 0; i < events.size(); i++) {
			FaultEvent event = events.get(i);
			long from = event.nanos();
			long to = (i + 1 < events.size()) ? events.get(i + 1).nanos() : fault.windowEndNanos();
			long unavailable = RecoveryWatch.NOT_RECOVERED;
			long slowest = 0;
			String slowestCall = "none";
			for (WriteRecord write : writes) {
				if (write.outcome() == WriteOutcome.ACKNOWLEDGED && write.startNanos() >= from
						&& (unavailable == RecoveryWatch.NOT_RECOVERED || write.endNanos() - from < unavailable)) {
					unavailable = write.endNanos() - from;
				}
				long end = (write.outcome() == WriteOutcome.PENDING) ? System.nanoTime() : write.endNanos();
				if (write.startNanos() <= to && end >= from && end - write.startNanos() > slowest) {
					slowest = end - write.startNanos();
					slowestCall = "write, " + ((write.error() != null) ? write.error() : "acknowledged");
				}
			}
			for (ReadRecord read : reads) {
				if (read.startNanos() <= to && read.endNanos() >= from
						&& read.endNanos() - read.startNanos() > slowest) {
					slowest = read.endNanos() - read.startNanos();
					slowestCall = read.operation().label() + ", answered by server " + read.reading().serverId();
				}
			}
			for (FailedRead read : failedReads) {
				if (read.startNanos() <= to && read.endNanos() >= from
						&& read.endNanos() - read.startNanos() > slowest) {
					slowest = read.endNanos() - read.startNanos();
					slowestCall = read.operation().label() + ", " + read.error();
				}
			}
			long followed = RecoveryWatch.NOT_RECOVERED;
			if (event.changesWriter()) {
				for (WriterChange change : writerChanges) {
					if (change.nanos() >= from && change.current() != null) {
						followed = change.nanos() - from;
						break;
					}
				}
			}
			figures.add(new EventFigures(event, unavailable, followed, slowest, slowestCall));
		}
		return figures;
	}

	/**
	 * What one event cost.
	 *
	 * @param event the event
	 * @param unavailableNanos from the event to the first acknowledged write begun after
	 * it, or {@link RecoveryWatch#NOT_RECOVERED}
	 * @param followedNanos for a change of primary, from the event to the starter's first
	 * change to a new writer, or {@link RecoveryWatch#NOT_RECOVERED}
	 * @param slowestNanos the longest call in flight during the event
	 * @param slowest that call: what it was and how it ended
	 */
	record EventFigures(FaultEvent event, long unavailableNanos, long followedNanos, long slowestNanos,
			String slowest) {

	}

	/**
	 * The starter's read pool of a node: the configured primary reads through
	 * {@code primary-reads}, each replica through its own pool.
	 * @param node the node's start name
	 * @return the pool's name
	 */
	static String readPool(String node) {
		return "primary".equals(node) ? "primary-reads" : node;
	}

	private static long target(FaultRecord fault, int index) {
		return (index < fault.recoveryNanos().length) ? fault.recoveryNanos()[index] : RecoveryWatch.NOT_RECOVERED;
	}

	SoakReport ledger(List<WriteRecord> writes, Result result) {
		line("");
		line("Writes: %d attempted; %d acknowledged, %d of them stored exactly once and %d lost in failovers; "
				+ "%d failed, none may be stored; %d of unknown outcome (%d of them applied, %d lost in failovers); "
				+ "%d never returned", writes.size(), result.acknowledged, result.acknowledgedOnce,
				result.acknowledgedLost, result.failed, result.unknown, result.unknownApplied, result.unknownLost,
				result.pending);
		line("Stored: %s on the primary (%s) and on every other server, none holding a transaction the primary "
				+ "lacks%s", result.digest, result.primary,
				result.counterMismatches.isEmpty() ? "; each worker's counter equals its rows" : "");
		for (String problem : result.problems) {
			line("  PROBLEM: %s", problem);
		}
		return this;
	}

	/**
	 * What failovers lost: a failover does not wait for the replicas, so what the old
	 * primary acknowledged but no replica received is gone, as with any asynchronous
	 * replication.
	 */
	SoakReport losses(Result result, long transactions, List<Long> heartbeats) {
		line("Lost in failovers (acknowledged by the primary that died, received by no replica): %d transactions "
				+ "in all; %d acknowledged writes of the workload%s, %d of unknown outcome; %d heartbeats of the suite",
				transactions, result.acknowledgedLost,
				result.lostIds.isEmpty() ? "" : " " + result.lostIds.subList(0, Math.min(10, result.lostIds.size())),
				result.unknownLost, heartbeats.size());
		return this;
	}

	SoakReport staleness(Staleness staleness, long heartbeatAcks) {
		line("");
		line("Reads (staleness: time from the acknowledgement of the first heartbeat a read missed to its statement; "
				+ "heartbeat every 100 ms, %d acknowledged)", heartbeatAcks);
		line("%-38s %8s %8s %8s %9s %9s %9s %10s %12s", "read", "reads", "replica", "primary", "p50 ms", "p99 ms",
				"max ms", "> bound", "> bound+" + Staleness.DETECTION_MICROS / 1000 + "ms");
		for (Map.Entry<Operation, Figures> entry : staleness.figures().entrySet()) {
			Figures figures = entry.getValue();
			line("%-38s %8d %8d %8d %9.1f %9.1f %9.1f %10d %12d",
					entry.getKey().label() + " (bound " + entry.getKey().boundMicros() / 1000 + " ms)", figures.reads,
					figures.byReplica, figures.byPrimary, figures.p50Micros / 1000.0, figures.p99Micros / 1000.0,
					figures.maxMicros / 1000.0, figures.overBound, figures.overBoundAndDetection);
		}
		for (String violation : staleness.violations()) {
			line("  PROBLEM: %s", violation);
		}
		return this;
	}

	/**
	 * The stalest reads beyond their bound, with how long each call took and the fault
	 * under way when it began.
	 */
	SoakReport stalest(Staleness staleness, List<FaultRecord> faults) {
		List<StaleRead> stalest = staleness.stalest(5);
		if (stalest.isEmpty()) {
			return this;
		}
		line("Stalest reads beyond their bound:");
		for (StaleRead stale : stalest) {
			ReadRecord read = stale.read();
			line("  at %-6s %-38s server %d, %.0f ms stale, call took %.0f ms, during %s", at(read.startNanos()),
					read.operation().label(), read.reading().serverId(), stale.staleMicros() / 1000.0,
					(read.endNanos() - read.startNanos()) / 1e6, faultAt(faults, read.startNanos()));
		}
		return this;
	}

	private static String faultAt(List<FaultRecord> faults, long nanos) {
		for (FaultRecord fault : faults) {
			if (nanos >= fault.injectedNanos() && nanos <= fault.windowEndNanos()) {
				return fault.plan().describe();
			}
		}
		return "no fault";
	}

	SoakReport errors(List<WriteRecord> writes, List<FailedRead> failedReads) {
		Map<String, Integer> counts = new TreeMap<>();
		for (WriteRecord write : writes) {
			if (write.outcome() != WriteOutcome.ACKNOWLEDGED && write.error() != null) {
				counts.merge("write  " + write.error(), 1, Integer::sum);
			}
		}
		for (FailedRead read : failedReads) {
			counts.merge("read   " + read.error(), 1, Integer::sum);
		}
		line("");
		line("Errors seen by callers%s", counts.isEmpty() ? ": none" : "");
		counts.forEach((key, count) -> line("  %6d  %s", count, key));
		return this;
	}

	/**
	 * Errors callers saw outside every fault's window (from its injection to one second
	 * after its recovery).
	 */
	SoakReport outsideFaults(List<FaultRecord> faults, List<WriteRecord> writes, List<FailedRead> failedReads) {
		Map<String, Integer> counts = new TreeMap<>();
		for (WriteRecord write : writes) {
			if (write.outcome() != WriteOutcome.ACKNOWLEDGED && write.error() != null
					&& outside(faults, write.endNanos())) {
				counts.merge("write  " + write.error(), 1, Integer::sum);
			}
		}
		for (FailedRead read : failedReads) {
			if (outside(faults, read.endNanos())) {
				counts.merge("read   " + read.error(), 1, Integer::sum);
			}
		}
		line("Errors outside the faults' windows%s", counts.isEmpty() ? ": none" : "");
		counts.forEach((key, count) -> line("  %6d  %s", count, key));
		return this;
	}

	private static boolean outside(List<FaultRecord> faults, long nanos) {
		for (FaultRecord fault : faults) {
			if (nanos >= fault.injectedNanos() && nanos <= fault.windowEndNanos() + 1_000_000_000L) {
				return false;
			}
		}
		return true;
	}

	@Override
	public String toString() {
		return this.text.toString();
	}

	/**
	 * Time from a fault's injection to its replica leaving rotation.
	 * @return nanoseconds, {@link #ALREADY_OUT} when the replica was out of rotation
	 * already, or {@code null} when it never left
	 */
	static @Nullable Long detection(List<Change> changes, String pool, long afterNanos) {
		Change before = null;
		for (Change change : changes) {
			if (!change.pool().equals(pool)) {
				continue;
			}
			if (change.nanos() < afterNanos) {
				before = change;
			}
			else if (isOut(change)) {
				return (before != null && isOut(before)) ? ALREADY_OUT : change.nanos() - afterNanos;
			}
		}
		return (before != null && isOut(before)) ? ALREADY_OUT : null;
	}

	private static boolean isOut(Change change) {
		return change.to().equals("LAGGING") || change.to().equals("DOWN");
	}

	private static String errorsDuring(FaultRecord fault, List<WriteRecord> writes, List<FailedRead> failedReads) {
		Map<String, Integer> counts = new TreeMap<>();
		countErrors(fault, writes, failedReads, counts);
		return counts.isEmpty() ? "none" : counts.toString();
	}

	private static void countErrors(FaultRecord fault, List<WriteRecord> writes, List<FailedRead> failedReads,
			Map<String, Integer> counts) {
		long from = fault.injectedNanos();
		long to = fault.windowEndNanos() + 1_000_000_000L;
		for (WriteRecord write : writes) {
			if (write.outcome() != WriteOutcome.ACKNOWLEDGED && write.endNanos() >= from && write.endNanos() <= to) {
				counts.merge((write.outcome() == WriteOutcome.OUTCOME_UNKNOWN) ? "write unknown" : "write failed", 1,
						Integer::sum);
			}
		}
		for (FailedRead read : failedReads) {
			if (read.endNanos() >= from && read.endNanos() <= to) {
				counts.merge("read failed", 1, Integer::sum);
			}
		}
	}

	private String at(long nanos) {
		return String.format(Locale.ROOT, "%.0fs", (nanos - this.startNanos) / 1e9);
	}

	private static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
	}

	private static String recovery(long nanos) {
		return (nanos == RecoveryWatch.NOT_RECOVERED) ? "NEVER" : seconds(nanos);
	}

}
