package io.github.mysqlpool.benchmarks;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The two statements every variant runs: a primary-key SELECT and a single-row INSERT,
 * both through {@link JdbcTemplate}.
 *
 * @author mysql-pool team
 */
final class PointQueries {

	static final String SELECT_BY_ID = "SELECT id, name, qty FROM bench_items WHERE id = ?";

	static final String INSERT = "INSERT INTO bench_writes (name, qty) VALUES (?, ?)";

	private static final RowMapper<Item> ITEM = (rs, row) -> new Item(rs.getLong(1), rs.getString(2), rs.getInt(3));

	private PointQueries() {
	}

	static Item select(JdbcTemplate template, long id) {
		return template.queryForObject(SELECT_BY_ID, ITEM, id);
	}

	static int insert(JdbcTemplate template, String name, int qty) {
		return template.update(INSERT, name, qty);
	}

	static long randomId() {
		return ThreadLocalRandom.current().nextLong(1, BenchmarkDatabase.ITEM_COUNT + 1);
	}

	/**
	 * One row of {@code bench_items}.
	 *
	 * @param id primary key
	 * @param name item name
	 * @param qty quantity
	 */
	record Item(long id, String name, int qty) {

	}

}
