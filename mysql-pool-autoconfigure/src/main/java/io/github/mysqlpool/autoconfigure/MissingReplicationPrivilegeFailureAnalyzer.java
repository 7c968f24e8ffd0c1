package io.github.mysqlpool.autoconfigure;

import io.github.mysqlpool.replica.lag.MissingReplicationPrivilegeException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link MissingReplicationPrivilegeException} into a start-up report holding the
 * GRANT to run.
 *
 * @author mysql-pool team
 */
class MissingReplicationPrivilegeFailureAnalyzer extends AbstractFailureAnalyzer<MissingReplicationPrivilegeException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingReplicationPrivilegeException cause) {
		return new FailureAnalysis(cause.getMessage() + ", which the replica monitor needs to measure lag.",
				"Run on the replica (or on the primary, to replicate it): " + cause.getGrant()
						+ " Or set mysql-pool.replication.lag-source=heartbeat, which needs no privilege beyond the"
						+ " heartbeat table, or mysql-pool.replication.enabled=false to route without monitoring.",
				cause);
	}

}
