package io.github.mysqlpool.consistency;

import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;

/**
 * What one read-your-writes scope remembers: when it last wrote, the primary's position
 * after that write once read, and whether a replica already failed to reach it in time.
 *
 * @author mysql-pool team
 */
final class WriteScope {

	// Volatile: a web request's scope may be entered by several threads
	volatile long writtenAt = ReadYourWrites.NO_WRITE;

	volatile @Nullable String position;

	volatile boolean waitedInVain;

	private final @Nullable LongConsumer publisher;

	WriteScope() {
		this(ReadYourWrites.NO_WRITE, null);
	}

	/**
	 * Create a scope.
	 * @param writtenAt when a write of this scope happened,
	 * {@link ReadYourWrites#NO_WRITE} for none
	 * @param publisher told the time of each write the scope makes, {@code null} for none
	 */
	WriteScope(long writtenAt, @Nullable LongConsumer publisher) {
		this.writtenAt = writtenAt;
		this.publisher = publisher;
	}

	/**
	 * Note that the scope has just committed a write: the primary's position is to be
	 * read anew and a replica may be waited on again.
	 */
	void recordWrite() {
		this.writtenAt = System.currentTimeMillis();
		this.position = null;
		this.waitedInVain = false;
		LongConsumer publisher = this.publisher;
		if (publisher != null) {
			publisher.accept(this.writtenAt);
		}
	}

	/**
	 * Forget the scope's writes.
	 */
	void clear() {
		this.writtenAt = ReadYourWrites.NO_WRITE;
		this.waitedInVain = false;
	}

}
