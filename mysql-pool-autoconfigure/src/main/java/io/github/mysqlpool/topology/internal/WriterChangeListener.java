package io.github.mysqlpool.topology.internal;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.topology.PrimaryChangedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Told when topology discovery moves the writes to another server, before the change is
 * published as a {@link PrimaryChangedEvent}: the replica monitor takes the new writer
 * out of the read rotation and writes its heartbeat there.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@FunctionalInterface
public interface WriterChangeListener {

	/**
	 * The writer changed.
	 * @param writer the new writer's write pool, {@code null} while no server takes
	 * writes
	 */
	void writerChanged(@Nullable MySqlPool writer);

}
