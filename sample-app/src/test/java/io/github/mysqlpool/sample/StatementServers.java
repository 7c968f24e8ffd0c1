package io.github.mysqlpool.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.internal.DirectConnections;
import org.jspecify.annotations.Nullable;

/**
 * Records, inside MySQL Connector/J, each statement the application runs and the server
 * of the connection that ran it, so that a test can tell where every single read went.
 * Enabled for a context by
 * {@code mysql-pool.driver.properties.queryInterceptors=io.github.mysqlpool.sample.StatementServers}.
 * The starter's own connections (probes, heartbeat, inspection) are left out.
 *
 * @author mysql-pool team
 */
public class StatementServers implements QueryInterceptor {

	/**
	 * The property that enables the recording, for {@code @SpringBootTest}.
	 */
	static final String ENABLED = "mysql-pool.driver.properties.queryInterceptors="
			+ "io.github.mysqlpool.sample.StatementServers";

	private static final Queue<Executed> executed = new ConcurrentLinkedQueue<>();

	private int port = -1;

	/**
	 * Created by the driver, once per physical connection.
	 */
	public StatementServers() {
	}

	@Override
	public QueryInterceptor init(MysqlConnection connection, Properties properties, Log log) {
		if (!Boolean.parseBoolean(properties.getProperty(DirectConnections.STARTER_CONNECTION_PROPERTY))) {
			this.port = connection.getSession().getHostInfo().getPort();
		}
		return this;
	}

	@Override
	public <T extends Resultset> @Nullable T preProcess(Supplier<String> sql, Query interceptedQuery) {
		if (this.port != -1) {
			executed.add(new Executed(sql.get().strip(), this.port, Thread.currentThread().getName()));
		}
		return null;
	}

	@Override
	public <T extends Resultset> @Nullable T postProcess(Supplier<String> sql, Query interceptedQuery,
			T originalResultSet, ServerSession serverSession) {
		return null;
	}

	@Override
	public boolean executeTopLevelOnly() {
		return true;
	}

	@Override
	public void destroy() {
	}

	/**
	 * Forget what was recorded so far.
	 */
	static void clear() {
		executed.clear();
	}

	/**
	 * The statements on a table recorded since the last {@link #clear()}, in the order
	 * they ran, with the name of the server each ran on; then forgets them.
	 * @param table the table, as Hibernate names it in its SQL
	 * @return the statements
	 */
	static List<Statement> drain(String table) {
		ReplicatedMariaDb db = EmbeddedDatabase.running();
		List<Statement> statements = new ArrayList<>();
		for (Executed next = executed.poll(); next != null; next = executed.poll()) {
			if (next.sql().toLowerCase().matches("(?s).*\\b(from|update|into)\\s+(app\\.)?" + table + "\\b.*")) {
				statements.add(new Statement(next.sql(), server(db, next.port()), next.thread()));
			}
		}
		return statements;
	}

	private static String server(ReplicatedMariaDb db, int port) {
		for (Node node : db.nodes()) {
			if (node.port() == port) {
				return node.name();
			}
		}
		return "unknown server on port " + port;
	}

	private record Executed(String sql, int port, String thread) {
	}

	/**
	 * A statement, the server that ran it ({@code primary}, {@code replica-1} ...) and
	 * the thread that ran it.
	 *
	 * @param sql the statement
	 * @param server the embedded node's name
	 * @param thread the application thread
	 */
	record Statement(String sql, String server, String thread) {

		boolean isRead() {
			return this.sql.regionMatches(true, 0, "select", 0, 6);
		}

		boolean onReplica() {
			return this.server.startsWith("replica");
		}

		boolean onPrimary() {
			return this.server.equals("primary");
		}

	}

}
