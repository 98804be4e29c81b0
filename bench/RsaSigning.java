import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The physical ceiling of RS256 token issuance: RSA-2048 SHA-256 signatures per second, with 1 thread and with one
 * thread per core, over a payload the size of a partner access token. Run: java bench/RsaSigning.java [seconds]
 */
public class RsaSigning {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        byte[] payload = new byte[600];
        measure(keys, payload, 1, 3); // warm-up
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("RESULT 1 %.0f%n", measure(keys, payload, 1, seconds));
        System.out.printf("RESULT %d %.0f%n", cores, measure(keys, payload, cores, seconds));
    }

    private static double measure(KeyPair keys, byte[] payload, int threads, int seconds) throws Exception {
        AtomicLong signatures = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                try {
                    Signature rs256 = Signature.getInstance("SHA256withRSA");
                    while (System.nanoTime() < end) {
                        rs256.initSign(keys.getPrivate());
                        rs256.update(payload);
                        rs256.sign();
                        signatures.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return signatures.get() / (double) seconds;
    }
}
