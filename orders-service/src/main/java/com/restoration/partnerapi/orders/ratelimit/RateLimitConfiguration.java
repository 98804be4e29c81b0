package com.restoration.partnerapi.orders.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The per-partner request limit ({@code orders.rate-limit.*}), unless {@code orders.rate-limit.enabled} is false.
 * SecurityConfiguration puts its filter in the filter chain when the limiter exists.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitConfiguration {

	@Bean
	@ConditionalOnBooleanProperty(name = "orders.rate-limit.enabled", matchIfMissing = true)
	PartnerRateLimiter partnerRateLimiter(RateLimitProperties properties, MeterRegistry meters) {
		return new PartnerRateLimiter(properties, meters);
	}

}
