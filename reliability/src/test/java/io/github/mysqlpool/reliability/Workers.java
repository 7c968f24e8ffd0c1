package io.github.mysqlpool.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.mysqlpool.reliability.SoakApplication.Reading;
import io.github.mysqlpool.reliability.SoakApplication.SoakReads;
import io.github.mysqlpool.reliability.SoakApplication.SoakWrites;
import io.github.mysqlpool.retry.MySqlOutcomeUnknownException;
import org.jspecify.annotations.Nullable;

/**
 * The worker threads: each one calls a write or one of the reads, chosen by its own
 * seeded random, until stopped, and records every outcome. Records are kept per worker
 * and read only once the workers have finished.
 *
 * @author mysql-pool team
 */
final class Workers {

	private final List<Worker> workers = new ArrayList<>();

	private volatile boolean running = true;

	private volatile long idleUntil;

	Workers(SoakSettings settings, String runId, SoakWrites writes, SoakReads reads, RecoveryWatch watch) {
		for (int i = 0; i < settings.threads(); i++) {
			this.workers.add(new Worker(i, runId, settings, writes, reads, watch));
		}
	}

	void start() {
		for (Worker worker : this.workers) {
			worker.thread.start();
		}
	}

	void stop() {
		this.running = false;
	}

	/**
	 * Let every worker idle for a while, as traffic does at night, so that the pools'
	 * connections sit unused.
	 * @param lull how long no worker calls anything
	 */
	void idle(Duration lull) {
		this.idleUntil = System.nanoTime() + lull.toNanos();
		Clocks.sleep(lull);
	}

	/**
	 * Wait for every worker to finish its call in flight.
	 * @param timeout how long to wait in all
	 * @return the workers still running after the timeout, described with their call in
	 * flight
	 */
	List<String> awaitFinished(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<String> stuck = new ArrayList<>();
		for (Worker worker : this.workers) {
			worker.thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
			if (worker.thread.isAlive()) {
				stuck.add(worker.thread.getName() + " in " + worker.inFlight + " for "
						+ (System.nanoTime() - worker.inFlightSince) / 1_000_000 + " ms");
			}
		}
		return stuck;
	}

	List<WriteRecord> writes() {
		List<WriteRecord> all = new ArrayList<>();
		for (Worker worker : this.workers) {
			all.addAll(worker.writes);
			String pending = worker.pendingWrite;
			if (pending != null) {
				all.add(new WriteRecord(pending, worker.index, WriteOutcome.PENDING, null, worker.inFlightSince, 0));
			}
		}
		return all;
	}

	List<ReadRecord> reads() {
		List<ReadRecord> all = new ArrayList<>();
		for (Worker worker : this.workers) {
			all.addAll(worker.reads);
		}
		return all;
	}

	List<FailedRead> failedReads() {
		List<FailedRead> all = new ArrayList<>();
		for (Worker worker : this.workers) {
			all.addAll(worker.failedReads);
		}
		return all;
	}

	/**
	 * What a write's caller was told.
	 */
	enum WriteOutcome {

		/** The call returned: the write is acknowledged. */
		ACKNOWLEDGED,

		/** The call threw: the write must not have been applied. */
		FAILED,

		/**
		 * The call threw {@link MySqlOutcomeUnknownException}: it may have been applied.
		 */
		OUTCOME_UNKNOWN,

		/** The call never returned. */
		PENDING

	}

	/**
	 * One write call.
	 *
	 * @param requestId its unique id
	 * @param worker the worker
	 * @param outcome what the caller was told
	 * @param error the failure's key, {@code null} when acknowledged
	 * @param startNanos when it was called
	 * @param endNanos when it returned or threw
	 */
	record WriteRecord(String requestId, int worker, WriteOutcome outcome, @Nullable String error, long startNanos,
			long endNanos) {

	}

	/**
	 * One successful read.
	 *
	 * @param operation which read
	 * @param reading what it saw
	 * @param startMicros when it was called, microseconds since the epoch
	 * @param startNanos when it was called, from {@link System#nanoTime()}
	 * @param endNanos when it returned
	 */
	record ReadRecord(Operation operation, Reading reading, long startMicros, long startNanos, long endNanos) {

	}

	/**
	 * One read that threw.
	 *
	 * @param operation which read
	 * @param error the failure's key
	 * @param startNanos when it was called
	 * @param endNanos when it threw
	 */
	record FailedRead(Operation operation, String error, long startNanos, long endNanos) {

	}

	/**
	 * One worker thread and its records.
	 */
	private final class Worker {

		private final int index;

		private final String prefix;

		private final Random random;

		private final SoakSettings settings;

		private final SoakWrites soakWrites;

		private final SoakReads soakReads;

		private final RecoveryWatch watch;

		private final Thread thread;

		private final List<WriteRecord> writes = new ArrayList<>();

		private final List<ReadRecord> reads = new ArrayList<>();

		private final List<FailedRead> failedReads = new ArrayList<>();

		private volatile @Nullable String pendingWrite;

		private volatile String inFlight = "nothing";

		private volatile long inFlightSince;

		Worker(int index, String runId, SoakSettings settings, SoakWrites writes, SoakReads reads,
				RecoveryWatch watch) {
			this.index = index;
			this.prefix = runId + "-" + index + "-";
			this.random = new Random(settings.seed() * 31 + index);
			this.settings = settings;
			this.soakWrites = writes;
			this.soakReads = reads;
			this.watch = watch;
			this.thread = new Thread(this::run, "soak-worker-" + index);
		}

		private void run() {
			long sequence = 0;
			while (Workers.this.running) {
				long idle = Workers.this.idleUntil - System.nanoTime();
				if (idle > 0) {
					Clocks.sleep(Duration.ofNanos(idle));
					continue;
				}
				double draw = this.random.nextDouble();
				if (draw < this.settings.writeRatio()) {
					write(this.prefix + (++sequence));
				}
				else {
					double read = (draw - this.settings.writeRatio()) / (1 - this.settings.writeRatio());
					read((read < 0.45) ? Operation.READ
							: (read < 0.8) ? Operation.BOUNDED_READ : Operation.TRANSACTIONAL_READ);
				}
				if (!this.settings.thinkTime().isZero()) {
					Clocks.sleep(this.settings.thinkTime());
				}
			}
			this.inFlight = "nothing";
		}

		private void write(String requestId) {
			this.pendingWrite = requestId;
			long start = begin("write " + requestId);
			try {
				this.soakWrites.write(requestId, this.index);
				long end = System.nanoTime();
				this.writes.add(new WriteRecord(requestId, this.index, WriteOutcome.ACKNOWLEDGED, null, start, end));
				this.watch.succeeded(RecoveryWatch.WRITES, start, end);
			}
			catch (MySqlOutcomeUnknownException ex) {
				this.writes.add(new WriteRecord(requestId, this.index, WriteOutcome.OUTCOME_UNKNOWN, ErrorKeys.of(ex),
						start, System.nanoTime()));
			}
			catch (RuntimeException ex) {
				this.writes.add(new WriteRecord(requestId, this.index, WriteOutcome.FAILED, ErrorKeys.of(ex), start,
						System.nanoTime()));
			}
			this.pendingWrite = null;
		}

		private void read(Operation operation) {
			long startMicros = Clocks.wallMicros();
			long start = begin(operation.label());
			try {
				Reading reading = switch (operation) {
					case READ -> this.soakReads.read();
					case BOUNDED_READ -> this.soakReads.boundedRead();
					case TRANSACTIONAL_READ -> this.soakReads.transactionalRead();
					case WRITE -> throw new IllegalArgumentException("Not a read");
				};
				long end = System.nanoTime();
				this.reads.add(new ReadRecord(operation, reading, startMicros, start, end));
				this.watch.succeeded(this.watch.readTarget(reading.serverId()), start, end);
			}
			catch (RuntimeException ex) {
				this.failedReads.add(new FailedRead(operation, ErrorKeys.of(ex), start, System.nanoTime()));
			}
		}

		private long begin(String what) {
			long start = System.nanoTime();
			this.inFlight = what;
			this.inFlightSince = start;
			return start;
		}

	}

}
