package io.github.mysqlpool.embedded;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link GtidPosition}.
 *
 * @author mysql-pool team
 */
class GtidPositionTests {

	@Test
	void parsesEveryDomainWhateverTheOrder() {
		assertThat(GtidPosition.parse("1-3-7, 0-1-42")).isEqualTo(GtidPosition.parse("0-1-42,1-3-7"));
		assertThat(GtidPosition.parse("0-1-42,1-3-7").progress()).isEqualTo(49);
	}

	@Test
	void emptyOrNullIsTheStartOfTime() {
		assertThat(GtidPosition.parse("").domains()).isEmpty();
		assertThat(GtidPosition.parse(null).progress()).isZero();
	}

	@Test
	void rejectsWhatIsNotAPosition() {
		assertThatIllegalArgumentException().isThrownBy(() -> GtidPosition.parse("0-1"));
	}

	@Test
	void positionBehindOrEqualHasNoDivergence() {
		GtidPosition primary = GtidPosition.parse("0-2-10");
		assertThat(GtidPosition.parse("0-1-9").divergenceFrom(primary)).isNull();
		assertThat(GtidPosition.parse("0-2-10").divergenceFrom(primary)).isNull();
		assertThat(GtidPosition.parse("").divergenceFrom(primary)).isNull();
	}

	@Test
	void transactionThePrimaryCannotHoldIsADivergence() {
		GtidPosition primary = GtidPosition.parse("0-2-10");
		assertThat(GtidPosition.parse("0-1-11").divergenceFrom(primary)).startsWith("0-1-11");
		assertThat(GtidPosition.parse("0-1-10").divergenceFrom(primary)).contains("0-2-10");
		assertThat(GtidPosition.parse("0-2-10,1-1-1").divergenceFrom(primary)).contains("nothing in domain 1");
	}

}
