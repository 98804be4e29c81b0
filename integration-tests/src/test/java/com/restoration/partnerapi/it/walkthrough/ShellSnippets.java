package com.restoration.partnerapi.it.walkthrough;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fenced code blocks from Markdown, and running shell ones as a reader would paste them. */
public final class ShellSnippets {

    /** What a {@link #session} prints after each command, to cut the output apart. */
    private static final String SEPARATOR = "=== next ===";

    private static final Pattern FENCE = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    public record Block(String language, String text) {
    }

    /** What a pasted command printed: its standard output and standard error. */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    private ShellSnippets() {
    }

    public static List<Block> blocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = FENCE.matcher(markdown);
        while (matcher.find()) {
            blocks.add(new Block(matcher.group(1), matcher.group(2)));
        }
        return blocks;
    }

    /**
     * Adds the shell's line continuations the partner documentation leaves out: a backslash at the end of every
     * line but the last, except inside a quoted string, which keeps its line breaks and indentation as they are.
     */
    static String withContinuations(String command) {
        String[] lines = command.strip().split("\n", -1);
        StringBuilder script = new StringBuilder();
        boolean inQuote = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            for (char c : line.toCharArray()) {
                if (c == '\'') {
                    inQuote = !inQuote;
                }
            }
            script.append(line);
            boolean last = i == lines.length - 1;
            if (!last && !inQuote && !line.endsWith("\\")) {
                script.append(" \\");
            }
            script.append('\n');
        }
        return script.toString();
    }

    static Run bash(String script, Path workDir) throws IOException, InterruptedException {
        return bash(script, workDir, Map.of());
    }

    /**
     * Pastes the commands into one shell, one after the other, as a reader pastes block after block (variables set by
     * one are there for the next), stopping at the first that fails.
     *
     * @return the run, and what each command printed on standard output, in order
     */
    public static Session session(List<String> commands, Map<String, String> environment)
            throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("set -e\n");
        for (String command : commands) {
            script.append(command).append("\necho\necho '").append(SEPARATOR).append("'\n");
        }
        Run run = bash(script.toString(), Path.of("."), environment);
        return new Session(run, List.of(run.stdout().split(SEPARATOR + "\n", -1)));
    }

    /** A {@link #session}: the shell's run, and each command's output. */
    public record Session(Run run, List<String> outputs) {
    }

    /** Runs the script with these variables added to the environment, as a reader's shell would have them. */
    static Run bash(String script, Path workDir, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(workDir.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The snippet did not finish in 60 s:\n" + script);
        }
        return new Run(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
