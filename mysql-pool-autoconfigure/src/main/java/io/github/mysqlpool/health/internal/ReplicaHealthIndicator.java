package io.github.mysqlpool.health.internal;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of one replica's pool: always UP, its state (FIT, LAGGING, DOWN), lag, last
 * probe and error in the details. A replica out of rotation sends reads elsewhere; it
 * must not make the application unready.
 *
 * @author mysql-pool team
 */
class ReplicaHealthIndicator extends AbstractHealthIndicator {

	private final MySqlPool replica;

	private final ReplicaMonitor monitor;

	ReplicaHealthIndicator(MySqlPool replica, ReplicaMonitor monitor) {
		super("MySQL replica health check failed");
		this.replica = replica;
		this.monitor = monitor;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ReplicaStatus status = this.monitor.status(this.replica.getName());
		builder.up().withDetail("state", status.state().name());
		PrimaryHealthIndicator.putIfPresent(builder, "lagSeconds", status.lagSeconds());
		PrimaryHealthIndicator.putIfPresent(builder, "lastProbe", status.lastProbe());
		PrimaryHealthIndicator.putIfPresent(builder, "lastError", status.lastError());
		builder.withDetail("pool", PrimaryHealthIndicator.poolFigures(this.replica));
	}

}
