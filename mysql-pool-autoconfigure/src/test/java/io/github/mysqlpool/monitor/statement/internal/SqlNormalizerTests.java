package io.github.mysqlpool.monitor.statement.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SqlNormalizer}.
 *
 * @author mysql-pool team
 */
class SqlNormalizerTests {

	@Test
	void stringAndNumberLiteralsBecomePlaceholders() {
		assertThat(SqlNormalizer.normalize("SELECT * FROM users WHERE name = 'O''Brien' AND age > 42 AND x = -3.5e-2"))
			.isEqualTo("SELECT * FROM users WHERE name = ? AND age > ? AND x = ?");
	}

	@Test
	void escapedQuotesAndDoubleQuotedStringsLeaveNothingBehind() {
		String normalized = SqlNormalizer.normalize("UPDATE t SET secret = 'it\\'s s3cr3t', note = \"top-secret\"");
		assertThat(normalized).isEqualTo("UPDATE t SET secret = ?, note = ?").doesNotContain("s3cr3t", "top-secret");
	}

	@Test
	void hexBitAndBinaryLiteralsBecomePlaceholders() {
		assertThat(SqlNormalizer.normalize("SELECT 0xCAFE, X'CAFE', b'1010', 0b11")).isEqualTo("SELECT ?, ?, ?, ?");
	}

	@Test
	void identifiersWithDigitsAndBacktickedNamesAreKept() {
		assertThat(SqlNormalizer.normalize("SELECT col1, `weird 'name` FROM t2 WHERE id = 7"))
			.isEqualTo("SELECT col1, `weird 'name` FROM t2 WHERE id = ?");
	}

	@Test
	void commentsAndWhitespaceAreDropped() {
		assertThat(SqlNormalizer.normalize("SELECT  /* user 'bob' */ a\n\tFROM t -- password 'x'\nWHERE b = 1 # note"))
			.isEqualTo("SELECT a FROM t WHERE b = ?");
	}

	@Test
	void listsCollapseWhateverTheirLength() {
		assertThat(SqlNormalizer.normalize("SELECT * FROM t WHERE id IN (1, 2, 3)"))
			.isEqualTo(SqlNormalizer.normalize("SELECT * FROM t WHERE id IN (4,5)"))
			.isEqualTo("SELECT * FROM t WHERE id IN (?+)");
		assertThat(SqlNormalizer.normalize("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')"))
			.isEqualTo("INSERT INTO t (a, b) VALUES (?+)+");
	}

	@Test
	void placeholdersOfPreparedStatementsAreKept() {
		assertThat(SqlNormalizer.normalize("SELECT SLEEP(?), ? FROM dual")).isEqualTo("SELECT SLEEP(?), ? FROM dual");
	}

	@Test
	void veryLongStatementsAreCut() {
		String normalized = SqlNormalizer.normalize("SELECT " + "a, ".repeat(2000) + "b FROM t");
		assertThat(normalized).hasSize(SqlNormalizer.MAX_LENGTH + 1).endsWith("…");
	}

}
