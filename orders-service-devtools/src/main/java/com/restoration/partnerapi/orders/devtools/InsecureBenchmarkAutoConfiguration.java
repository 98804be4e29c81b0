package com.restoration.partnerapi.orders.devtools;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * For bench/ only: the profile {@code insecure-benchmark} serves GET /accounts/** without any token, so a benchmark
 * can measure the cost of security against the same query. Not in orders-service.jar: it needs this module on the
 * class path and that profile named explicitly; it says so loudly at start.
 */
@AutoConfiguration
@Profile("insecure-benchmark")
public class InsecureBenchmarkAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(InsecureBenchmarkAutoConfiguration.class);

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain insecureBenchmarkReads(HttpSecurity http) throws Exception {
		log.warn("Profile insecure-benchmark: GET /accounts/** is served WITHOUT authentication. Benchmarks only.");
		return http.securityMatcher("/accounts/**")
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.csrf(AbstractHttpConfigurer::disable)
			.build();
	}

}
