package io.github.mysqlpool.consistency.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConsistencyToken}.
 *
 * @author mysql-pool team
 */
class ConsistencyTokenTests {

	private static final long NOW = 1_790_000_000_000L;

	private final ConsistencyToken tokens = tokens("s3cret", NOW);

	private static ConsistencyToken tokens(String secret, long now) {
		return new ConsistencyToken(secret.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(7),
				Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
	}

	@Test
	void genuineRecentTokenGivesTheWriteTime() {
		String token = this.tokens.encode(NOW - 2000);
		assertThat(token).startsWith("1." + (NOW - 2000) + ".");
		assertThat(this.tokens.decode(token)).isEqualTo(NOW - 2000);
	}

	@Test
	void tokenOfAnotherSecretIsIgnored() {
		assertThat(this.tokens.decode(tokens("other", NOW).encode(NOW - 1000))).isEqualTo(ConsistencyToken.NO_WRITE);
	}

	@Test
	void tamperedTimeIsIgnored() {
		String token = this.tokens.encode(NOW - 1000);
		String moved = token.replace("1." + (NOW - 1000) + ".", "1." + (NOW - 10) + ".");
		assertThat(this.tokens.decode(moved)).isEqualTo(ConsistencyToken.NO_WRITE);
	}

	@Test
	void tokenPastTheWindowOrFromTheFutureIsIgnored() {
		assertThat(this.tokens.decode(this.tokens.encode(NOW - 7000))).isEqualTo(ConsistencyToken.NO_WRITE);
		assertThat(this.tokens.decode(this.tokens.encode(NOW + 60_000))).isEqualTo(ConsistencyToken.NO_WRITE);
	}

	@Test
	void tokenFromAClockAheadWithinTheSkewCountsAsWrittenNow() {
		ConsistencyToken ahead = skewed(NOW + 1500);
		ConsistencyToken here = skewed(NOW);
		assertThat(here.decode(ahead.encode(NOW + 1500))).isEqualTo(NOW);
		assertThat(here.decode(ahead.encode(NOW + 2000))).isEqualTo(NOW);
	}

	@Test
	void tokenFurtherAheadThanTheSkewIsIgnored() {
		assertThat(skewed(NOW).decode(skewed(NOW).encode(NOW + 2001))).isEqualTo(ConsistencyToken.NO_WRITE);
	}

	@Test
	void tokenFromAClockBehindIsHonouredForTheSkewLonger() {
		ConsistencyToken here = skewed(NOW);
		assertThat(here.decode(here.encode(NOW - 1000))).isEqualTo(NOW);
		assertThat(here.decode(here.encode(NOW - 5000))).isEqualTo(NOW - 3000);
		assertThat(here.decode(here.encode(NOW - 8999))).isEqualTo(NOW - 6999);
		assertThat(here.decode(here.encode(NOW - 9000))).isEqualTo(ConsistencyToken.NO_WRITE);
	}

	@Test
	void skewDoesNotLetAMovedTimeThrough() {
		ConsistencyToken here = skewed(NOW);
		String token = here.encode(NOW - 1000);
		String moved = token.replace("1." + (NOW - 1000) + ".", "1." + (NOW + 1000) + ".");
		assertThat(here.decode(moved)).isEqualTo(ConsistencyToken.NO_WRITE);
		assertThat(tokens("other", NOW).decode(here.encode(NOW))).isEqualTo(ConsistencyToken.NO_WRITE);
	}

	private static ConsistencyToken skewed(long now) {
		return new ConsistencyToken("s3cret".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(7),
				Duration.ofSeconds(2), Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
	}

	@Test
	void malformedTokensAreIgnored() {
		for (String token : new String[] { null, "", "1", "1.", "1..", "2.123.abc", "1.abc.def", "x".repeat(5000),
				"1.123", "1.9999999999999999999999.sig" }) {
			assertThat(this.tokens.decode(token)).as(String.valueOf(token)).isEqualTo(ConsistencyToken.NO_WRITE);
		}
	}

}
