package com.restoration.partnerapi.orders.security;

import static com.restoration.partnerapi.orders.security.OwnAccountAuthorization.ownAccountWithScope;

import jakarta.servlet.DispatcherType;

import com.restoration.partnerapi.orders.api.ProblemResponses;
import com.restoration.partnerapi.orders.ratelimit.PartnerRateLimitFilter;
import com.restoration.partnerapi.orders.ratelimit.PartnerRateLimiter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.HttpFirewall;

/** Who may call what, and how often (ratelimit/). Everything not listed here is denied. */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, OAuth2ResourceServerProperties properties,
			ProblemResponses problems, JwtDecoder jwtDecoder,
			ObjectProvider<OAuth2TokenValidator<Jwt>> additionalValidators, TokenMetrics metrics,
			ObjectProvider<PartnerRateLimiter> rateLimiter) throws Exception {
		ProblemDetailsAuthenticationEntryPoint entryPoint = new ProblemDetailsAuthenticationEntryPoint(problems);
		VerifiedTokenCache tokens = new VerifiedTokenCache(jwtDecoder,
				PartnerTokenValidators.onEveryUse(additionalValidators.orderedStream().toList()), metrics);
		http
			.authorizeHttpRequests((authorize) -> authorize
				// Let errors raised after authorization render instead of turning into 403s.
				.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
				// The partners' requests first: rules are tried in order, and these paths match no other rule.
				.requestMatchers(HttpMethod.GET, "/accounts/{clientId}/orders", "/accounts/{clientId}/orders/**")
					.access(ownAccountWithScope("orders:read"))
				.requestMatchers(HttpMethod.POST, "/accounts/{clientId}/orders")
					.access(ownAccountWithScope("orders:write"))
				// Health and metrics, on the management port only (management.server.port): Spring Boot's matcher
				// takes a request on the main port for none of them, so there they are denied like any other path.
				.requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll()
				.requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs.yaml").permitAll()
				.anyRequest().denyAll())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.bearerTokenResolver(new HeaderOnlyBearerTokenResolver())
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(new ProblemDetailsAccessDeniedHandler(problems))
				.withObjectPostProcessor(failureHandler(new TokenFailureHandler(entryPoint, problems)))
				// RFC 9728 metadata (linked from WWW-Authenticate): where to get tokens, which scopes exist.
				.protectedResourceMetadata((metadata) -> metadata.protectedResourceMetadataCustomizer((resource) -> resource
					.authorizationServer(properties.getJwt().getIssuerUri())
					.scope("orders:read")
					.scope("orders:write")
					.tlsClientCertificateBoundAccessTokens(false)))
				// A token's authentication is built once and reused while the token is (VerifiedTokenCache).
				.jwt((jwt) -> jwt.authenticationManager(tokens)))
			// Bearer tokens only: no session, no cookies, hence nothing for CSRF to protect.
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable)
			.requestCache((cache) -> cache.disable());
		// Each partner's quota, once its token is verified and before the request is authorized (ratelimit/): a 401
		// costs no quota, a 403 does.
		rateLimiter.ifAvailable((limiter) -> http.addFilterBefore(new PartnerRateLimitFilter(limiter, problems),
				AuthorizationFilter.class));
		return http.build();
	}

	/** Spring Security's firewall, whose header-value rule answers the usual value without a regular expression. */
	@Bean
	HttpFirewall httpFirewall() {
		return HeaderValueRule.firewall();
	}

	/**
	 * No observation of each request's filters, authentication and authorization: with the actuator's registry, each
	 * would be timed on every request, and no alert or dashboard reads those timers (the request's own,
	 * http.server.requests, stays).
	 */
	@Bean
	SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	private static ObjectPostProcessor<BearerTokenAuthenticationFilter> failureHandler(TokenFailureHandler handler) {
		return new ObjectPostProcessor<>() {
			@Override
			public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
				filter.setAuthenticationFailureHandler(handler);
				return filter;
			}
		};
	}

}
