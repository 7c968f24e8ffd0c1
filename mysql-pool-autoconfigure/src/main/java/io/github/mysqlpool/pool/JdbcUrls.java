package io.github.mysqlpool.pool;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Helpers for MySQL and MariaDB JDBC URLs: credentials removed for display, host and
 * port, query parameter names.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class JdbcUrls {

	private static final Pattern USER_INFO = Pattern.compile("(//)[^/@?]*@");

	private static final Pattern SECRET_PARAMETERS = Pattern
		.compile("(?i)([?&;](?:password\\d?|trustCertificateKeyStorePassword|clientCertificateKeyStorePassword"
				+ "|trustStorePassword|keyStorePassword)=)[^&;]*");

	private JdbcUrls() {
	}

	/**
	 * The URL without credentials: user info before the host and password parameters are
	 * replaced by asterisks.
	 * @param url a JDBC URL
	 * @return the URL safe to show
	 */
	public static @Nullable String redact(@Nullable String url) {
		if (url == null) {
			return null;
		}
		String redacted = USER_INFO.matcher(url).replaceAll("$1******@");
		return SECRET_PARAMETERS.matcher(redacted).replaceAll("$1******");
	}

	/**
	 * The first {@code host:port} of the URL (3306 when no port is given).
	 * @param url a JDBC URL
	 * @return host and port, or {@code null} when the URL has none
	 */
	public static @Nullable String hostAndPort(@Nullable String url) {
		if (url == null) {
			return null;
		}
		int start = url.indexOf("//");
		if (start < 0) {
			return null;
		}
		String rest = url.substring(start + 2);
		int at = rest.indexOf('@');
		int slash = rest.indexOf('/');
		if (at >= 0 && (slash < 0 || at < slash)) {
			rest = rest.substring(at + 1);
		}
		int end = rest.length();
		for (char stop : new char[] { '/', '?', ',', ';' }) {
			int index = rest.indexOf(stop);
			if (index >= 0 && index < end) {
				end = index;
			}
		}
		String host = rest.substring(0, end);
		if (host.isEmpty()) {
			return null;
		}
		return (host.lastIndexOf(':') > host.lastIndexOf(']')) ? host : host + ":3306";
	}

	/**
	 * Whether the URL sets the given query parameter.
	 * @param url a JDBC URL
	 * @param name parameter name, compared without case
	 * @return {@code true} when the URL sets it
	 */
	public static boolean hasParameter(String url, String name) {
		int query = url.indexOf('?');
		if (query < 0) {
			return false;
		}
		String lowerName = name.toLowerCase(Locale.ROOT);
		for (String pair : url.substring(query + 1).split("[&;]")) {
			int equals = pair.indexOf('=');
			String key = (equals >= 0) ? pair.substring(0, equals) : pair;
			if (key.toLowerCase(Locale.ROOT).equals(lowerName)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the URL is a MariaDB Connector/J URL rather than a MySQL Connector/J one.
	 * @param url a JDBC URL
	 * @return {@code true} for {@code jdbc:mariadb:}
	 */
	public static boolean isMariaDbDriverUrl(String url) {
		return url.startsWith("jdbc:mariadb:");
	}

}
