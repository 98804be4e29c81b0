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
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
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
	 * Request bodies are read by a mapper configured like the application's (Spring Boot's {@code spring.jackson.*}
	 * and every customizer, applied as Boot applies them) that stops after {@code orders.max-request-body-size}: a
	 * larger body is a 413 ({@link ApiExceptionHandler}). Not the application's {@link JsonMapper} itself: that one
	 * also reads the realm's revocations (a poll of the SSF stream answers up to 100 SETs), which are larger.
	 *
	 * <p>
	 * Jackson 3 reads its limits from the factory a mapper builder is created with, and Spring Boot 4.0 has no hook
	 * for it (4.1 has {@code spring.jackson.factory.constraints.read.*}, but for every mapper). Tomcat has no limit on
	 * a body it does not parse itself (its {@code max-http-form-post-size} covers forms only), and the only request
	 * bodies read are JSON (Spring's form-content filter and multipart resolver are off: application.yml). Jackson
	 * counts the bytes of a UTF-8 body (the characters of a body in another charset) whenever it reads more input,
	 * and reads on past the first value (Jackson 3 fails on trailing tokens), so the limit is exact.
	 */
	@Bean
	ServerHttpMessageConvertersCustomizer requestBodyLimit(List<JsonMapperBuilderCustomizer> customizers,
			@Value("${orders.max-request-body-size}") DataSize maxRequestBodySize) {
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(maxRequestBodySize.toBytes()).build())
			.build();
		JsonMapper.Builder builder = JsonMapper.builder(factory);
		customizers.forEach((customizer) -> customizer.customize(builder));
		JsonMapper requestBodies = builder.build();
		// After Spring Boot's own JSON converter (order 0), which this one replaces on the server side only.
		return (converters) -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(requestBodies));
	}

}
