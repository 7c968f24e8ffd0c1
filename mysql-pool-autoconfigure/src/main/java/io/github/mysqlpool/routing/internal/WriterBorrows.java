package io.github.mysqlpool.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.github.mysqlpool.pool.MySqlPool;
import org.jspecify.annotations.Nullable;

/**
 * The threads borrowing from a writer's pool now, so that those waiting in the pool of a
 * server that no longer takes writes (unreachable, read-only, or replaced) can be
 * released: HikariCP offers no way to end a wait in {@code getConnection} but the waiting
 * thread's interrupt, so the thread is interrupted, and its borrow turns that interrupt
 * into "try the writer again".
 * <p>
 * A borrow claims a slot of a fixed-size table with one compare-and-set and frees it with
 * another: no allocation, no lock. When every slot is taken, the borrow goes on
 * unregistered, and waits as without topology discovery. The handshake guarantees that
 * the interrupt never outlives the borrow: {@link #release} claims a slot before it
 * interrupts the slot's thread and marks it done after, and a borrow that finds its slot
 * claimed waits for that mark and clears its interrupt status before it returns. A thread
 * already interrupted when it starts to borrow is not registered, so that an interrupt
 * the application set is never cleared here.
 *
 * @author mysql-pool team
 */
final class WriterBorrows {

	/** Slot states other than free ({@code null}) and owned (the borrowing thread). */
	private static final Object RELEASING = new Object();

	private static final Object RELEASED = new Object();

	private final AtomicReferenceArray<Object> owners;

	private final AtomicReferenceArray<MySqlPool> pools;

	private final int mask;

	/**
	 * Create the table.
	 * @param slots number of borrows tracked at once, a power of two
	 */
	WriterBorrows(int slots) {
		if (Integer.bitCount(slots) != 1) {
			throw new IllegalArgumentException("slots must be a power of two, not " + slots);
		}
		this.owners = new AtomicReferenceArray<>(slots);
		this.pools = new AtomicReferenceArray<>(slots);
		this.mask = slots - 1;
	}

	/**
	 * Borrow from a writer's pool, unless the writer changes meanwhile.
	 * @param writer the pool writes go to now
	 * @param current what the writer is now, read again once the borrow is registered
	 * @return the connection, or {@code null} when the writer changed before or during
	 * the borrow (a wait in the pool was ended): the caller reads the writer again
	 * @throws SQLException the pool's own failure
	 */
	@Nullable Connection borrow(MySqlPool writer, CurrentWriter current) throws SQLException {
		Thread thread = Thread.currentThread();
		int slot = thread.isInterrupted() ? -1 : claim(thread, writer);
		if (slot < 0) {
			return writer.getDataSource().getConnection();
		}
		Connection connection = null;
		SQLException failure = null;
		boolean released;
		try {
			// A release that ran before the slot was visible has changed the writer
			if (current.writer() == writer) {
				connection = writer.getDataSource().getConnection();
			}
		}
		catch (SQLException ex) {
			failure = ex;
		}
		finally {
			released = leave(slot, thread);
		}
		if (released || connection == null && failure == null) {
			if (connection != null) {
				connection.close();
			}
			return null;
		}
		if (failure != null) {
			throw failure;
		}
		return connection;
	}

	private int claim(Thread thread, MySqlPool writer) {
		int start = System.identityHashCode(thread);
		for (int i = 0; i <= this.mask; i++) {
			int slot = (start + i) & this.mask;
			if (this.owners.get(slot) == null && this.owners.compareAndSet(slot, null, thread)) {
				this.pools.set(slot, writer);
				return slot;
			}
		}
		return -1;
	}

	/**
	 * Free a slot.
	 * @return whether a release interrupted the thread, whose interrupt status is then
	 * cleared
	 */
	private boolean leave(int slot, Thread thread) {
		if (this.owners.compareAndSet(slot, thread, null)) {
			return false;
		}
		// A release claimed the slot: its interrupt lands before the slot is marked
		while (this.owners.get(slot) != RELEASED) {
			Thread.onSpinWait();
		}
		Thread.interrupted();
		this.owners.set(slot, null);
		return true;
	}

	/**
	 * End the borrows from every pool but the writer's: their threads are interrupted and
	 * their borrows return {@code null}. Threads already interrupted are left alone: the
	 * interrupt ends their wait and is theirs.
	 * @param writer the pool writes go to now, {@code null} for none
	 * @return the number of borrows ended
	 */
	int release(@Nullable MySqlPool writer) {
		int released = 0;
		for (int slot = 0; slot <= this.mask; slot++) {
			Object owner = this.owners.get(slot);
			if (owner instanceof Thread thread && this.pools.get(slot) != writer && !thread.isInterrupted()
					&& this.owners.compareAndSet(slot, thread, RELEASING)) {
				try {
					thread.interrupt();
					released++;
				}
				finally {
					this.owners.set(slot, RELEASED);
				}
			}
		}
		return released;
	}

	/**
	 * Number of borrows registered now.
	 * @return the count
	 */
	int registered() {
		int count = 0;
		for (int slot = 0; slot <= this.mask; slot++) {
			if (this.owners.get(slot) instanceof Thread) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Where the writer is read.
	 */
	@FunctionalInterface
	interface CurrentWriter {

		@Nullable MySqlPool writer();

	}

}
