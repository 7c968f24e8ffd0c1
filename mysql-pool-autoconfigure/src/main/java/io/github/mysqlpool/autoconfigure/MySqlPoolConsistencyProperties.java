package io.github.mysqlpool.autoconfigure;

import java.time.Duration;

import io.github.mysqlpool.consistency.ReadYourWritesMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of read-your-writes consistency.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@ConfigurationProperties("mysql-pool.consistency")
public class MySqlPoolConsistencyProperties implements Validator {

	/**
	 * How reads after a write in the same scope (thread, web request, or the requests
	 * carrying its token) see that write: off, primary-window (such reads go to the
	 * primary for the window) or gtid (to a replica that has applied the write, else the
	 * primary).
	 */
	private ReadYourWritesMode readYourWrites = ReadYourWritesMode.OFF;

	/**
	 * How long after a write the reads of its scope are steered. Defaults to
	 * mysql-pool.replication.max-lag plus two probe intervals, after which every replica
	 * in rotation has the write.
	 */
	private @Nullable Duration window;

	/**
	 * In gtid mode, how long a read waits for a replica to apply the write before it goes
	 * to the primary.
	 */
	private Duration gtidWaitTimeout = Duration.ofMillis(250);

	/**
	 * Token handed to web clients after a write, for their next requests.
	 */
	private final Token token = new Token();

	public ReadYourWritesMode getReadYourWrites() {
		return this.readYourWrites;
	}

	public void setReadYourWrites(ReadYourWritesMode readYourWrites) {
		this.readYourWrites = readYourWrites;
	}

	public @Nullable Duration getWindow() {
		return this.window;
	}

	public void setWindow(@Nullable Duration window) {
		this.window = window;
	}

	public Duration getGtidWaitTimeout() {
		return this.gtidWaitTimeout;
	}

	public void setGtidWaitTimeout(Duration gtidWaitTimeout) {
		this.gtidWaitTimeout = gtidWaitTimeout;
	}

	public Token getToken() {
		return this.token;
	}

	@Override
	public boolean supports(Class<?> type) {
		return MySqlPoolConsistencyProperties.class.isAssignableFrom(type);
	}

	/**
	 * Check the bound properties.
	 * @param target these properties
	 * @param errors unused: an invalid value throws
	 * @throws InvalidMySqlPoolPropertyException naming the first invalid property and the
	 * fix
	 */
	@Override
	public void validate(Object target, Errors errors) {
		MySqlPoolConsistencyProperties properties = (MySqlPoolConsistencyProperties) target;
		Duration window = properties.getWindow();
		if (window != null && (window.isNegative() || window.isZero())) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.consistency.window", window,
					"the window must be positive",
					"Set mysql-pool.consistency.window to a positive duration, or leave it unset for max-lag plus two probe intervals.");
		}
		if (properties.getGtidWaitTimeout().isNegative() || properties.getGtidWaitTimeout().isZero()) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.consistency.gtid-wait-timeout",
					properties.getGtidWaitTimeout(), "the wait must be positive",
					"Set mysql-pool.consistency.gtid-wait-timeout to a positive duration, for example 250ms.");
		}
		Duration clockSkew = properties.getToken().getClockSkew();
		if (clockSkew.isNegative()) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.consistency.token.clock-skew", clockSkew,
					"the skew must not be negative",
					"Set mysql-pool.consistency.token.clock-skew to zero or a positive duration, for example 2s.");
		}
	}

	/**
	 * Token carried by web clients from a request that wrote to their next requests.
	 */
	public static class Token {

		/**
		 * Whether web requests are read-your-writes scopes that read and hand out the
		 * token.
		 */
		private boolean enabled = true;

		/**
		 * Name of the request and response header carrying the token.
		 */
		private String headerName = "MySql-Pool-Consistency";

		/**
		 * Name of the cookie carrying the token.
		 */
		private String cookieName = "mysql_pool_consistency";

		/**
		 * Secret signing the token; set the same one on every instance of the service.
		 * Defaults to a random secret, so that tokens then work on this instance only.
		 */
		private @Nullable String secret;

		/**
		 * How far the clocks of the service's instances may differ. A token up to this
		 * far ahead of the receiving instance's clock counts as written now, instead of
		 * being rejected, and every token's write time is taken this much later, so that
		 * a clock behind does not end the fence early.
		 */
		private Duration clockSkew = Duration.ofSeconds(2);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getHeaderName() {
			return this.headerName;
		}

		public void setHeaderName(String headerName) {
			this.headerName = headerName;
		}

		public String getCookieName() {
			return this.cookieName;
		}

		public void setCookieName(String cookieName) {
			this.cookieName = cookieName;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

		@Override
		public String toString() {
			return "Token{headerName=" + this.headerName + ", cookieName=" + this.cookieName + ", clockSkew="
					+ this.clockSkew + ", secret=" + ((this.secret != null) ? "******" : null) + "}";
		}

	}

}
