package io.github.mysqlpool.internal;

import java.util.Locale;
import java.util.regex.Matcher;
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

	private static final String MASK = "******";

	/**
	 * Names of properties that hold a secret: {@code password}, Connector/J's
	 * {@code password1} to {@code password3}, {@code trustCertificateKeyStorePassword},
	 * {@code clientCertificateKeyStorePassword}, {@code xdevapi.ssl-truststore-password},
	 * MariaDB Connector/J's {@code trustStorePassword}, {@code keyStorePassword},
	 * {@code keyPassword}, and any other name that mentions a password or a secret.
	 */
	private static final String SECRET_KEY = "[\\w.\\-]*(?:password|passwd|pwd|secret)[\\w.\\-]*";

	private static final Pattern SECRET_NAME = Pattern.compile("(?i)" + SECRET_KEY);

	/**
	 * A secret in the query: its value runs to the next parameter.
	 */
	private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;]\\s*" + SECRET_KEY + "\\s*=)[^&;#]*");

	/**
	 * A secret in a host's key-value form, {@code address=(host=h)(password=p)} or
	 * {@code (host=h,password=p)}: its value runs to the next key or the closing
	 * parenthesis.
	 */
	private static final Pattern SECRET_HOST_PROPERTY = Pattern.compile("(?i)([(,]\\s*" + SECRET_KEY + "\\s*=)[^,)&]*");

	/**
	 * User info before a host, shared ({@code //user:pass@[h1,h2]}) or per host
	 * ({@code //user:pass@h1,user:pass@h2}, {@code [user:pass@h1]}), up to its last
	 * {@code @}.
	 */
	private static final Pattern USER_INFO = Pattern.compile("(//|,|\\[)\\s*[^/?#,()\\[\\]]*@");

	private static final Pattern HOST_KEY = Pattern.compile("(?i)(?:^|[(,])\\s*host\\s*=\\s*([^,)]*)");

	private static final Pattern PORT_KEY = Pattern.compile("(?i)(?:^|[(,])\\s*port\\s*=\\s*([^,)]*)");

	private static final Pattern ADDRESS_VALUE = Pattern.compile("(?i)(?:^|[(,])\\s*address\\s*=\\s*([^,()]+)");

	private JdbcUrls() {
	}

	/**
	 * The URL without credentials, in every form MySQL Connector/J and MariaDB
	 * Connector/J accept: user info before a host is replaced by asterisks, and so is the
	 * value of every property that holds a password, in the query or in a host's
	 * key-value form.
	 * @param url a JDBC URL
	 * @return the URL safe to show
	 */
	public static @Nullable String redact(@Nullable String url) {
		if (url == null) {
			return null;
		}
		String redacted = SECRET_PARAMETER.matcher(url).replaceAll("$1" + MASK);
		redacted = SECRET_HOST_PROPERTY.matcher(redacted).replaceAll("$1" + MASK);
		return USER_INFO.matcher(redacted).replaceAll("$1" + MASK + "@");
	}

	/**
	 * Hide every secret of a URL wherever a text quotes it, whole or in part: a driver
	 * that cannot parse a URL may quote a piece of it (MariaDB Connector/J takes
	 * {@code user:pass@host} for a host and reports the "port" {@code pass@host}).
	 * @param text a message about the URL
	 * @param url the URL
	 * @return the text with the URL and each of its secret values masked
	 */
	public static String redactSecretsOf(String text, String url) {
		String redacted = text.replace(url, String.valueOf(redact(url)));
		for (Pattern secrets : new Pattern[] { SECRET_PARAMETER, SECRET_HOST_PROPERTY, USER_INFO }) {
			Matcher matcher = secrets.matcher(url);
			while (matcher.find()) {
				String secret = secretOf(matcher, secrets == USER_INFO);
				if (!secret.isBlank()) {
					redacted = redacted.replace(secret, MASK);
				}
			}
		}
		return redact(redacted);
	}

	private static String secretOf(Matcher matcher, boolean userInfo) {
		if (!userInfo) {
			return matcher.group().substring(matcher.group(1).length()).strip();
		}
		// user:pass@ -> pass; a user alone is no secret
		String info = matcher.group().substring(matcher.group(1).length(), matcher.group().length() - 1);
		int colon = info.indexOf(':');
		return (colon >= 0) ? info.substring(colon + 1).strip() : "";
	}

	/**
	 * Whether a driver property holds a secret: {@code password}, {@code password1},
	 * {@code trustCertificateKeyStorePassword}, {@code keyPassword} and any other name
	 * that mentions a password or a secret, as {@link #redact(String)} sees them.
	 * @param name property name
	 * @return {@code true} when its value must never be shown
	 */
	public static boolean isSecretProperty(String name) {
		return SECRET_NAME.matcher(name.trim()).matches();
	}

	/**
	 * The first host's {@code host:port} (3306 when no port is given), from the plain
	 * form ({@code //host:port}) or the key-value forms
	 * ({@code address=(host=h)(port=p)}, {@code (host=h,port=p)}, {@code (address=h:p)}).
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
		String first = firstHost(url.substring(start + 2));
		if (first.indexOf('=') >= 0) {
			return keyValueHostAndPort(first);
		}
		if (first.isEmpty()) {
			return null;
		}
		return withPort(first);
	}

	/**
	 * The first host specification of the hosts part, without user info or brackets.
	 */
	private static String firstHost(String rest) {
		int depth = 0;
		int end = rest.length();
		int userInfoEnd = -1;
		for (int i = 0; i < rest.length(); i++) {
			char c = rest.charAt(i);
			if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth--;
			}
			else if (depth == 0 && c == '@') {
				userInfoEnd = i;
			}
			else if (depth == 0 && (c == '/' || c == '?' || c == ',' || c == ';')) {
				end = i;
				break;
			}
		}
		String host = rest.substring(userInfoEnd + 1, end).trim();
		if (!host.startsWith("[")) {
			return host;
		}
		int close = host.indexOf(']');
		String inside = host.substring(1, (close > 0) ? close : host.length());
		// An IPv6 literal, such as [::1]:3306, keeps its brackets; a list of hosts drops
		// them
		return (inside.indexOf(':') != inside.lastIndexOf(':')) ? host : inside.trim();
	}

	private static @Nullable String keyValueHostAndPort(String spec) {
		Matcher address = ADDRESS_VALUE.matcher(spec);
		if (address.find()) {
			return withPort(address.group(1).trim());
		}
		Matcher host = HOST_KEY.matcher(spec);
		if (!host.find()) {
			return null;
		}
		Matcher port = PORT_KEY.matcher(spec);
		return host.group(1).trim() + ":" + (port.find() ? port.group(1).trim() : "3306");
	}

	private static String withPort(String host) {
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
