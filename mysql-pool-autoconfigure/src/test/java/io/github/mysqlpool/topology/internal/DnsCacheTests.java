package io.github.mysqlpool.topology.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DnsCache}.
 *
 * @author mysql-pool team
 */
class DnsCacheTests {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	@Test
	void securityPropertyWinsOverSystemPropertyAsInTheJdk() {
		assertThat(DnsCache.ttlSeconds("5", "0")).isEqualTo(5);
		assertThat(DnsCache.ttlSeconds(null, "0")).isZero();
		assertThat(DnsCache.ttlSeconds("not a number", "7")).isEqualTo(7);
	}

	@Test
	void unsetMeansThirtySecondsAndNegativeMeansForever() {
		assertThat(DnsCache.ttlSeconds(null, null)).isEqualTo(30);
		assertThat(DnsCache.ttlSeconds("-1", null)).isEqualTo(DnsCache.FOREVER);
		assertThat(DnsCache.ttlSeconds(null, "-5")).isEqualTo(DnsCache.FOREVER);
	}

	@Test
	void warningNamesTheHostTheDelayAndTheFix() {
		assertThat(DnsCache.warning("db-writer.example.com:3306", 30, INTERVAL)).contains("'db-writer.example.com'",
				"for 30 s", "up to 30 s late", "-Dsun.net.inetaddr.ttl=1", "networkaddress.cache.ttl");
		assertThat(DnsCache.warning("db-writer.example.com:3306", DnsCache.FOREVER, INTERVAL))
			.contains("until the JVM exits", "never");
	}

	@Test
	void noWarningForAnAddressOrACacheNoLongerThanAProbeInterval() {
		assertThat(DnsCache.warning("10.0.0.5:3306", 30, INTERVAL)).isNull();
		assertThat(DnsCache.warning("[fd00::5]:3306", 30, INTERVAL)).isNull();
		assertThat(DnsCache.warning("db-writer.example.com:3306", 1, INTERVAL)).isNull();
		assertThat(DnsCache.warning("db-writer.example.com:3306", 0, INTERVAL)).isNull();
	}

}
