package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the run's own (initdb, pg_ctl from the machine's PostgreSQL installation) on a free port,
 * for tests that stop the database: the machine's server, which other runs share, is never touched. As root it
 * runs as the {@code postgres} user, since PostgreSQL refuses to run as root.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path dataDir;
    private final Path log;
    private final int port = FreePorts.next();
    private final boolean asPostgresUser = "root".equals(System.getProperty("user.name"));
    private final Postgres server;

    private PrivatePostgres() {
        this.bin = binaries();
        try {
            this.dataDir = Files.createTempDirectory("it-postgres-");
            Files.createDirectories(Settings.logsDir());
            this.log = Settings.logsDir().resolve("private-postgres.log");
            if (!Files.exists(log)) {
                Files.createFile(log);
            }
            if (asPostgresUser) {
                UserPrincipal postgres = dataDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dataDir, postgres);
                Files.setOwner(log, postgres);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare a PostgreSQL data directory", e);
        }
        this.server = new Postgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
        // pg_ctl starts the server detached from this JVM: stop it, and remove its files, however the run ends.
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
        run("initdb", "-D", dataDir.toString(), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-instructions");
        start();
    }

    /** Creates a new server (initdb) and starts it. */
    public static PrivatePostgres create() {
        return new PrivatePostgres();
    }

    /** The server, to create databases on and connect to. */
    public Postgres server() {
        return server;
    }

    /** Starts the server (again) and waits until it accepts connections. */
    public void start() {
        run("pg_ctl", "-D", dataDir.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dataDir, "start");
    }

    /** Stops the server the hard way (immediate: no checkpoint, connections cut), as a crash would. */
    public void crash() {
        run("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
    }

    public boolean isRunning() {
        return exitCode("pg_ctl", "-D", dataDir.toString(), "status") == 0;
    }

    @Override
    public synchronized void close() {
        if (!Files.exists(dataDir)) {
            return;
        }
        if (isRunning()) {
            run("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove " + dataDir, e);
        }
    }

    private void run(String tool, String... arguments) {
        if (exitCode(tool, arguments) != 0) {
            throw new IllegalStateException(tool + " " + String.join(" ", arguments) + " failed; see " + log);
        }
    }

    private int exitCode(String tool, String... arguments) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish; see " + log);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + tool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + tool, e);
        }
    }

    /** The newest installed PostgreSQL's programs, or those of -Dit.postgres.bin. */
    private static Path binaries() {
        String configured = Settings.optional("it.postgres.bin", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(dir -> Files.isExecutable(dir.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(dir -> Integer.parseInt(dir.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL programs in /usr/lib/postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL is not installed (apt-get install postgresql), or set -Dit.postgres.bin", e);
        }
    }
}
