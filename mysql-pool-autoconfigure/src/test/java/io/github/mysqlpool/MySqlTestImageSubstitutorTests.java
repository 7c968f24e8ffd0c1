package io.github.mysqlpool;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

	// The MySQL workflow sets the property for the whole JVM: the container tests after
	// this one must still see it
	private @Nullable String workflowImage;

	@BeforeEach
	void saveProperty() {
		this.workflowImage = System.getProperty(MySqlTestImageSubstitutor.IMAGE_PROPERTY);
	}

	@AfterEach
	void restoreProperty() {
		if (this.workflowImage != null) {
			System.setProperty(MySqlTestImageSubstitutor.IMAGE_PROPERTY, this.workflowImage);
		}
		else {
			System.clearProperty(MySqlTestImageSubstitutor.IMAGE_PROPERTY);
		}
	}

	@Test
	void withoutThePropertyTheTestsImageIsKept() {
		System.clearProperty(MySqlTestImageSubstitutor.IMAGE_PROPERTY);
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
