package io.github.mysqlpool.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The shop API and the Actuator's read operations are open; the Actuator's write
 * operations (such as {@code POST /actuator/mysqlpool/optimize}) need HTTP basic
 * authentication as a user with role {@code OPS}. The in-memory users are for the sample
 * only.
 *
 * @author mysql-pool team
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, "/actuator/**")
			.permitAll()
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.hasRole("OPS")
			.anyRequest()
			.permitAll())
			.httpBasic(Customizer.withDefaults())
			// A stateless JSON API authenticated per request: no session cookie to
			// protect
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

	@Bean
	InMemoryUserDetailsManager users(@Value("${sample.security.ops-password}") String opsPassword,
			@Value("${sample.security.viewer-password}") String viewerPassword) {
		return new InMemoryUserDetailsManager(
				User.withUsername("ops").password("{noop}" + opsPassword).roles("OPS").build(),
				User.withUsername("viewer").password("{noop}" + viewerPassword).roles("VIEWER").build());
	}

}
