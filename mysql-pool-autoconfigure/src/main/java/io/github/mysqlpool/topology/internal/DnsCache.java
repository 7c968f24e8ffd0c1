package io.github.mysqlpool.topology.internal;

import java.security.Security;
import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How long the JVM keeps a host name it resolved, read as {@code InetAddress} reads it:
 * the security property {@code networkaddress.cache.ttl}, else the system property
 * {@code sun.net.inetaddr.ttl}, else 30 seconds. The JVM reads them once, at its first
 * lookup, so the starter can only tell what they are, not change them.
 *
 * @author mysql-pool team
 */
final class DnsCache {

	/**
	 * The JDK's time to live when neither property is set and no security manager runs.
	 */
	static final int DEFAULT_TTL_SECONDS = 30;

	/** A negative time to live: names are kept until the JVM exits. */
	static final int FOREVER = -1;

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private DnsCache() {
	}

	/**
	 * The time to live of this JVM's cache of resolved names.
	 * @return seconds, {@link #FOREVER} when names are kept for good
	 */
	static int ttlSeconds() {
		return ttlSeconds(Security.getProperty("networkaddress.cache.ttl"), System.getProperty("sun.net.inetaddr.ttl"));
	}

	static int ttlSeconds(@Nullable String securityProperty, @Nullable String systemProperty) {
		Integer ttl = parse(securityProperty);
		if (ttl == null) {
			ttl = parse(systemProperty);
		}
		if (ttl == null) {
			return DEFAULT_TTL_SECONDS;
		}
		return (ttl < 0) ? FOREVER : ttl;
	}

	/**
	 * What to tell the operator when a moved endpoint would be seen later than the next
	 * probe because the JVM still holds its old address.
	 * @param hostAndPort the primary URL's host and port
	 * @param ttlSeconds the cache's time to live
	 * @param interval the probe interval
	 * @return the warning, {@code null} when the host is an address or the cache is short
	 */
	static @Nullable String warning(String hostAndPort, int ttlSeconds, Duration interval) {
		String host = hostOf(hostAndPort);
		if (isAddress(host) || (ttlSeconds >= 0 && Duration.ofSeconds(ttlSeconds).compareTo(interval) <= 0)) {
			return null;
		}
		String cached = (ttlSeconds < 0) ? "until the JVM exits" : "for " + ttlSeconds + " s";
		String late = (ttlSeconds < 0) ? "never" : "up to " + ttlSeconds + " s late";
		return "The JVM keeps resolved host names " + cached + " (networkaddress.cache.ttl): when '" + host
				+ "' moves to another server, writes fail until the move is seen, " + late
				+ ". Start the JVM with -Dsun.net.inetaddr.ttl=1, or set networkaddress.cache.ttl in the JDK's "
				+ "java.security, to see a moved name within about a second";
	}

	private static String hostOf(String hostAndPort) {
		if (hostAndPort.startsWith("[")) {
			int end = hostAndPort.indexOf(']');
			return (end > 0) ? hostAndPort.substring(0, end + 1) : hostAndPort;
		}
		int colon = hostAndPort.lastIndexOf(':');
		return (colon > 0) ? hostAndPort.substring(0, colon) : hostAndPort;
	}

	private static boolean isAddress(String host) {
		return host.startsWith("[") || host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
	}

	private static @Nullable Integer parse(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return Integer.valueOf(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
