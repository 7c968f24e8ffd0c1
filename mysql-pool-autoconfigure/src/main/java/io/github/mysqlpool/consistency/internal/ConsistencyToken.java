package io.github.mysqlpool.consistency.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The token a client carries from a request that wrote to the next ones, so that they
 * read that write even on another instance of the service.
 * <p>
 * Format: {@code 1.<epoch-millis>.<signature>}, where epoch-millis is when the client's
 * write committed and signature is the unpadded base64url HMAC-SHA256 of
 * {@code 1.<epoch-millis>} under the shared secret. The token says nothing but "this
 * client wrote at that time": a client cannot forge one, move its time, or make it last
 * beyond the window, so the most a token can do is send that client's own reads to the
 * primary, or make them wait for a replica to catch up, for one window after its write.
 * <p>
 * The instances of a service disagree on the time by up to the clock skew, so a token's
 * time is taken as the latest the write can have happened by this instance's clock: its
 * time plus the skew, but never later than now. A token up to the skew ahead of this
 * clock thus counts as written now, and one is honoured for at most the window after that
 * time: never longer than the window from now, nor than the window plus the skew after
 * the time it carries.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class ConsistencyToken {

	/**
	 * What {@link #decode(String)} answers for a token that gives no write time: no
	 * write, as a read-your-writes scope says it.
	 */
	public static final long NO_WRITE = Long.MIN_VALUE;

	private static final String VERSION = "1";

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private final long windowMillis;

	private final long skewMillis;

	private final Clock clock;

	/**
	 * Create a codec.
	 * @param secret the secret shared by every instance of the service
	 * @param window how long a write's token is honoured
	 * @param clock the clock
	 */
	public ConsistencyToken(byte[] secret, Duration window, Clock clock) {
		this(secret, window, Duration.ZERO, clock);
	}

	/**
	 * Create a codec that tolerates clocks of other instances ahead of or behind this
	 * one.
	 * @param secret the secret shared by every instance of the service
	 * @param window how long a write's token is honoured
	 * @param clockSkew how far the clocks of the service's instances may differ
	 * @param clock the clock
	 */
	public ConsistencyToken(byte[] secret, Duration window, Duration clockSkew, Clock clock) {
		this.key = new SecretKeySpec(secret, ALGORITHM);
		this.windowMillis = window.toMillis();
		this.skewMillis = clockSkew.toMillis();
		this.clock = clock;
	}

	/**
	 * The token of a write.
	 * @param writtenAt when the write committed, epoch milliseconds
	 * @return the token
	 */
	public String encode(long writtenAt) {
		String payload = VERSION + "." + writtenAt;
		return payload + "." + sign(payload);
	}

	/**
	 * The write time a token carries, moved later by the clock skew but not past now,
	 * when the token is genuine, not further ahead of this clock than the skew, and its
	 * window has not passed.
	 * @param token the token a client sent, may be {@code null}
	 * @return epoch milliseconds, or {@link Long#MIN_VALUE} when the token is missing,
	 * malformed, forged, from further in the future than the skew, or expired
	 */
	public long decode(@Nullable String token) {
		if (token == null || token.length() > 200) {
			return NO_WRITE;
		}
		int last = token.lastIndexOf('.');
		int first = token.indexOf('.');
		if (first < 0 || last <= first || !VERSION.equals(token.substring(0, first))) {
			return NO_WRITE;
		}
		String payload = token.substring(0, last);
		byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
		byte[] given = token.substring(last + 1).getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(expected, given)) {
			return NO_WRITE;
		}
		long writtenAt;
		try {
			writtenAt = Long.parseLong(token.substring(first + 1, last));
		}
		catch (NumberFormatException ex) {
			return NO_WRITE;
		}
		long now = this.clock.millis();
		if (writtenAt > now + this.skewMillis) {
			return NO_WRITE;
		}
		long latest = Math.min(writtenAt + this.skewMillis, now);
		return (now - latest < this.windowMillis) ? latest : NO_WRITE;
	}

	private String sign(String payload) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
