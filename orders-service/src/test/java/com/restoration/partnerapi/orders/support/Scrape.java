package com.restoration.partnerapi.orders.support;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * One answer of {@code /actuator/prometheus} (Prometheus' text format), read as a Prometheus server would: the value
 * of a series, by its name and some of its labels.
 */
public record Scrape(String text) {

	/**
	 * The value of the one series named {@code name} with these labels (each {@code name="value"}), or empty when there
	 * is none.
	 * @throws IllegalArgumentException if several series fit
	 */
	public OptionalDouble value(String name, String... labels) {
		double[] values = this.text.lines()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter((line) -> Arrays.stream(labels).allMatch((label) -> labelsOf(line).contains(label)))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.toArray();
		if (values.length > 1) {
			throw new IllegalArgumentException(values.length + " series " + name + " with " + Arrays.toString(labels));
		}
		return (values.length == 0) ? OptionalDouble.empty() : OptionalDouble.of(values[0]);
	}

	/** The value of that series, 0 when there is none (a counter not counted yet). */
	public double count(String name, String... labels) {
		return value(name, labels).orElse(0);
	}

	/** Whether some series has this name (for a histogram: {@code name_bucket}) and these labels. */
	public boolean has(String name, String... labels) {
		return this.text.lines()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.anyMatch((line) -> Arrays.stream(labels).allMatch((label) -> labelsOf(line).contains(label)));
	}

	private static String labelsOf(String line) {
		int open = line.indexOf('{');
		return (open < 0) ? "" : line.substring(open, line.lastIndexOf('}') + 1);
	}

}
