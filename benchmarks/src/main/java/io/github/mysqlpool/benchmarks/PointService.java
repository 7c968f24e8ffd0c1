package io.github.mysqlpool.benchmarks;

import io.github.mysqlpool.routing.ReadOnly;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * The application code of the Spring-based variants: the same annotated service in every
 * context, so that the AOP and transaction path is the real one. {@link ReadOnly} routes
 * through the starter in its context, and through the hand-rolled routing's own advisor
 * in that one; elsewhere it has no effect and {@code readTemplate} does the routing.
 *
 * @author mysql-pool team
 */
public class PointService {

	private final JdbcTemplate template;

	private final JdbcTemplate readTemplate;

	PointService(JdbcTemplate template, JdbcTemplate readTemplate) {
		this.template = template;
		this.readTemplate = readTemplate;
	}

	@ReadOnly
	public PointQueries.Item find(long id) {
		return PointQueries.select(this.readTemplate, id);
	}

	@Transactional(readOnly = true)
	public PointQueries.Item findInTransaction(long id) {
		return PointQueries.select(this.template, id);
	}

	@Transactional
	public int insertInTransaction(String name, int qty) {
		return PointQueries.insert(this.template, name, qty);
	}

	public int insert(String name, int qty) {
		return PointQueries.insert(this.template, name, qty);
	}

}
