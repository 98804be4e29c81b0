package com.restoration.partnerapi.orders.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Metadata of the OpenAPI document that springdoc serves at {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
		info = @Info(title = "Partner orders API", version = "1",
				description = "Orders of one partner account. Errors are RFC 9457 problem details."),
		security = @SecurityRequirement(name = "partner-token"))
@SecurityScheme(name = "partner-token", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
		description = "Access token of the partner's client from the Keycloak realm 'partners' "
				+ "(audience orders-service; scopes orders:read, orders:write)")
class OpenApiConfiguration {

	/**
	 * Schemas with the snake_case names the API really uses: swagger-core reads models with its own
	 * (Jackson 2) mapper, which knows nothing of spring.jackson.property-naming-strategy.
	 */
	@Bean
	ModelResolver snakeCaseModelResolver() {
		return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

}
