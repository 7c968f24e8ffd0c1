package io.github.mysqlpool.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free TCP ports on 127.0.0.1, chosen by the kernel.
 *
 * @author mysql-pool team
 */
final class FreePorts {

	private FreePorts() {
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

}
