package io.github.mysqlpool.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Free TCP ports on loopback addresses, chosen by the kernel.
 *
 * @author mysql-pool team
 */
final class FreePorts {

	private static final int SHARED_PORT_ATTEMPTS = 20;

	private FreePorts() {
	}

	/**
	 * Return one port that was free on every one of the addresses a moment ago.
	 * @param hosts the addresses
	 * @return the port
	 */
	static int pickShared(List<String> hosts) {
		for (int attempt = 0; attempt < SHARED_PORT_ATTEMPTS; attempt++) {
			List<ServerSocket> sockets = new ArrayList<>();
			try {
				int port = 0;
				for (String host : hosts) {
					ServerSocket socket = bind(host, port);
					if (socket == null) {
						break;
					}
					sockets.add(socket);
					port = socket.getLocalPort();
				}
				if (sockets.size() == hosts.size()) {
					return port;
				}
			}
			finally {
				closeAll(sockets);
			}
		}
		throw new UncheckedIOException(
				new IOException("No port free on all of " + hosts + " after " + SHARED_PORT_ATTEMPTS + " attempts"));
	}

	private static @Nullable ServerSocket bind(String host, int port) {
		try {
			return new ServerSocket(port, 1, InetAddress.getByName(host));
		}
		catch (IOException ex) {
			if (port == 0) {
				throw new UncheckedIOException("Cannot listen on " + host
						+ " (Linux routes all of 127.0.0.0/8 to the loopback interface; elsewhere add the address)",
						ex);
			}
			return null;
		}
	}

	/**
	 * Return distinct ports that were free a moment ago; all are held open at once so
	 * that none repeats.
	 * @param count how many ports
	 * @return the ports
	 */
	static int[] pick(int count) {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
				sockets.add(socket);
				ports[i] = socket.getLocalPort();
			}
			return ports;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", ex);
		}
		finally {
			closeAll(sockets);
		}
	}

	private static void closeAll(List<ServerSocket> sockets) {
		for (ServerSocket socket : sockets) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// The port is released either way
			}
		}
	}

}
