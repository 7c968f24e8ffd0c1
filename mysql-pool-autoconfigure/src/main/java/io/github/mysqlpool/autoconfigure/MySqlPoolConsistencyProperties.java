package io.github.mysqlpool.autoconfigure;

import java.time.Duration;

import io.github.mysqlpool.consistency.ReadYourWritesMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of read-your-writes consistency.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@ConfigurationProperties("mysql-pool.consistency")
public class MySqlPoolConsistencyProperties {

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
