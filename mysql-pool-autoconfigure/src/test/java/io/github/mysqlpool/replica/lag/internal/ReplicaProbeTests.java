package io.github.mysqlpool.replica.lag.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplicaProbe}'s account naming in the GRANT it reports.
 *
 * @author mysql-pool team
 */
class ReplicaProbeTests {

	@Test
	void accountIsQuotedForGrant() {
		assertThat(ReplicaProbe.account("app_nomonitor@%")).isEqualTo("'app_nomonitor'@'%'");
		assertThat(ReplicaProbe.account("svc@10.0.%")).isEqualTo("'svc'@'10.0.%'");
	}

}
