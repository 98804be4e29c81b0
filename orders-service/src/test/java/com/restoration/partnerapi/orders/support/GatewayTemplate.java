package com.restoration.partnerapi.orders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

/** The gateway's nginx template, read as text: the limits it applies and the bodies it answers with itself. */
public final class GatewayTemplate {

	/** From orders-service/, where Maven runs the tests. */
	private static final Path FILE = Path.of("../gateway/partner-api.conf.template");

	private static final Pattern RETURN = Pattern.compile("return (\\d{3}) '(.*)\\\\n';");

	private final String text;

	private GatewayTemplate(String text) {
		this.text = text;
	}

	public static GatewayTemplate read() {
		try {
			return new GatewayTemplate(Files.readString(FILE));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** {@code client_max_body_size}, in nginx's units (k and m are 1024 and 1024 * 1024 bytes). */
	public DataSize clientMaxBodySize() {
		Matcher size = Pattern.compile("client_max_body_size (\\d+)([kKmM]?);").matcher(this.text);
		if (!size.find()) {
			throw new IllegalStateException("No client_max_body_size in " + FILE);
		}
		String unit = size.group(2).toUpperCase(Locale.ROOT);
		return DataSize.parse(size.group(1) + (unit.isEmpty() ? "B" : unit + "B"));
	}

	/** What the named location (e.g. {@code @orders_too_large}) returns. */
	public Answer answer(String location) {
		Matcher block = Pattern.compile("location " + Pattern.quote(location) + " \\{(.*?)\\n    \\}", Pattern.DOTALL)
			.matcher(this.text);
		if (!block.find()) {
			throw new IllegalStateException("No location " + location + " in " + FILE);
		}
		return answers(block.group(1)).get(0);
	}

	/** Every status and literal body the gateway returns. */
	public List<Answer> answers() {
		return answers(this.text);
	}

	private static List<Answer> answers(String text) {
		List<Answer> answers = new ArrayList<>();
		Matcher returns = RETURN.matcher(text);
		while (returns.find()) {
			answers.add(new Answer(Integer.parseInt(returns.group(1)), JsonMapper.shared().readTree(returns.group(2))));
		}
		return answers;
	}

	public record Answer(int status, JsonNode body) {
	}

}
