package io.github.mysqlpool.consistency;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.ConnectionProxy;

/**
 * Notes the write again in the borrower's scope when the connection is closed: its writes
 * committed by then, however long they ran.
 *
 * @author mysql-pool team
 */
final class StampOnClose implements InvocationHandler {

	private final Connection target;

	private final WriteScope scope;

	private boolean closed;

	private StampOnClose(Connection target, WriteScope scope) {
		this.target = target;
		this.scope = scope;
	}

	/**
	 * Wrap a connection in a proxy that notes the write in the scope when it is closed.
	 * @param connection the connection borrowed from the primary
	 * @param scope the borrower's scope
	 * @return the proxy
	 */
	static Connection wrap(Connection connection, WriteScope scope) {
		return (Connection) Proxy.newProxyInstance(ConnectionProxy.class.getClassLoader(),
				new Class<?>[] { ConnectionProxy.class }, new StampOnClose(connection, scope));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		switch (method.getName()) {
			case "close":
				try {
					this.target.close();
				}
				finally {
					if (!this.closed) {
						this.closed = true;
						this.scope.recordWrite();
					}
				}
				return null;
			case "getTargetConnection":
				return this.target;
			case "equals":
				return proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
			case "toString":
				return "Connection stamped on close: " + this.target;
			case "unwrap":
				if (((Class<?>) args[0]).isInstance(proxy)) {
					return proxy;
				}
				break;
			case "isWrapperFor":
				if (((Class<?>) args[0]).isInstance(proxy)) {
					return true;
				}
				break;
			default:
				break;
		}
		try {
			return method.invoke(this.target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
