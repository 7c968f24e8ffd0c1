package io.github.mysqlpool.sample;

/**
 * Which pool served a piece of work and which server answered.
 *
 * @param pool the pool name, for example {@code primary} or {@code replica-1}
 * @param serverId the server's {@code @@server_id}
 * @author mysql-pool team
 */
public record ServerInfo(String pool, long serverId) {

}
