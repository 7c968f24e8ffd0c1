package io.github.mysqlpool.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;

import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;

/**
 * The machine, the versions and the load of a run, for the report.
 *
 * @author mysql-pool team
 */
final class Environment {

	private Environment() {
	}

	static Map<String, String> describe() {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("CPU", cpu());
		environment.put("Memory", memory());
		environment.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		environment.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		environment.put("Load average at start (1, 5, 15 min)", loadAverage());
		environment.put("Spring Boot / Framework", SpringBootVersion.getVersion() + " / " + SpringVersion.getVersion());
		environment.put("HikariCP", version(HikariDataSource.class));
		environment.put("MySQL Connector/J", version(com.mysql.cj.jdbc.Driver.class));
		environment.put("MariaDB server (embedded)", "11.4.5 (" + version(ReplicatedMariaDb.class) + ")");
		environment.put("ShardingSphere-JDBC",
				version(org.apache.shardingsphere.driver.api.ShardingSphereDataSourceFactory.class));
		environment.put("AWS Advanced JDBC Wrapper", version(software.amazon.jdbc.Driver.class));
		environment.put("JMH", version(org.openjdk.jmh.runner.Runner.class));
		return environment;
	}

	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
			return fields[0] + ", " + fields[1] + ", " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String cpu() {
		int cores = Runtime.getRuntime().availableProcessors();
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
			for (String line : lines) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim() + ", " + cores + " cores";
				}
			}
		}
		catch (IOException ex) {
			// Not Linux
		}
		return cores + " cores";
	}

	private static String memory() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal:")) {
					long kib = Long.parseLong(line.replaceAll("\\D", ""));
					return (kib / 1024 / 1024) + " GiB";
				}
			}
		}
		catch (IOException ex) {
			// Not Linux
		}
		return "unknown";
	}

	private static String version(Class<?> type) {
		String location = String.valueOf(type.getProtectionDomain().getCodeSource().getLocation());
		String jar = location.substring(location.lastIndexOf('/') + 1);
		return jar.endsWith(".jar") ? jar.substring(0, jar.length() - 4) : jar;
	}

}
