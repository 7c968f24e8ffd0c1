package io.github.mysqlpool.routing;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Whose turn it is, counted per thread: each thread takes the replicas in turn, so that
 * no counter is shared (and written) by every read of every thread. A thread's turns
 * start at a random replica: threads that read once each (request threads, virtual
 * threads) would otherwise all take the first one.
 *
 * @author mysql-pool team
 */
final class Turns {

	private final ThreadLocal<Counter> counters = ThreadLocal.withInitial(Counter::new);

	/**
	 * The next turn of the current thread.
	 * @param slots the number of slots taken in turn, at least 1
	 * @return a position from 0 to {@code slots - 1}
	 */
	int next(int slots) {
		Counter counter = this.counters.get();
		int turn = counter.next;
		if (turn >= slots) {
			// The thread's first turn, or the rotation shrank since its last one
			turn = ThreadLocalRandom.current().nextInt(slots);
		}
		counter.next = (turn + 1 < slots) ? turn + 1 : 0;
		return turn;
	}

	/**
	 * One thread's next turn, mutable so that taking a turn does not box.
	 */
	private static final class Counter {

		private int next = Integer.MAX_VALUE;

	}

}
