package io.github.mysqlpool;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MySqlTestImageSubstitutor}, as Testcontainers loads it: the image the
 * MySQL workflow asks for replaces the tests' own, and nothing else changes.
 *
 * @author mysql-pool team
 */
class MySqlTestImageSubstitutorTests {

	@AfterEach
	void clearProperty() {
		System.clearProperty(MySqlTestImageSubstitutor.IMAGE_PROPERTY);
	}

	@Test
	void withoutThePropertyTheTestsImageIsKept() {
		assertThat(substitute("mysql:8.4")).isEqualTo("mysql:8.4");
	}

	@Test
	void thePropertyNamesTheMySqlImage() {
		System.setProperty(MySqlTestImageSubstitutor.IMAGE_PROPERTY, "mysql:9");
		assertThat(substitute("mysql:8.4")).isEqualTo("mysql:9");
	}

	@Test
	void otherImagesAreKept() {
		System.setProperty(MySqlTestImageSubstitutor.IMAGE_PROPERTY, "mysql:9");
		assertThat(substitute("testcontainers/ryuk:0.13.0")).isEqualTo("testcontainers/ryuk:0.13.0");
	}

	private static String substitute(String image) {
		return ImageNameSubstitutor.instance().apply(DockerImageName.parse(image)).asCanonicalNameString();
	}

}
