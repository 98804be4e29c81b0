package com.restoration.partnerapi.orders.api;

import java.util.List;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.util.unit.DataSize;

/**
 * JSON input as strict as its schema, beyond what {@code spring.jackson.*} can say: a number is not a
 * string ({@code "reference": 5}), a field given twice is an error rather than "last one wins", and a request body
 * ends at {@code orders.max-request-body-size}.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

	@Bean
	JsonMapperBuilderCustomizer strictJsonInput() {
		return (builder) -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.withCoercionConfig(LogicalType.Textual, (config) -> config
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	/**
	 * Spring Boot's builder (Boot's own bean, {@code spring.jackson.*} and every customizer applied the same way) on a
	 * factory that stops reading a document after {@code orders.max-request-body-size}: a larger request body is a
	 * 413 ({@link ApiExceptionHandler}). Jackson 3 reads its limits from the factory, which a builder is created
	 * with, and Spring Boot 4.0 has no hook for it; from Boot 4.1 this is the property
	 * {@code spring.jackson.factory.constraints.read.max-document-length}.
	 *
	 * <p>
	 * Tomcat has no limit on a body it does not parse itself (its {@code max-http-form-post-size} covers forms
	 * only), and a body only Jackson reads needs none: the request bodies this API reads are JSON. Jackson counts
	 * the bytes of a UTF-8 body (characters of a body in another charset), checked whenever it reads more input;
	 * JSON after the first value is read too (Jackson 3 fails on trailing tokens), so the limit is exact.
	 */
	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	JsonMapper.Builder limitedJsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers,
			@Value("${orders.max-request-body-size}") DataSize maxRequestBodySize) {
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(maxRequestBodySize.toBytes()).build())
			.build();
		JsonMapper.Builder builder = JsonMapper.builder(factory);
		customizers.forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

}
