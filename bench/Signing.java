import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/**
 * What one core can do per signature algorithm of a token: RS256 (RSA-2048, SHA-256) and ES256 (P-256, SHA-256,
 * the JOSE signature format) signatures and verifications per second, one thread, over a payload the size of a
 * partner access token. Keycloak signs each token once; a resource server verifies it (once, with a cache).
 * Run: java bench/Signing.java [seconds per figure]; prints "RESULT <alg> <signs/s> <verifies/s>" per algorithm.
 */
public class Signing {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        byte[] payload = new byte[600];
        report("RS256", "SHA256withRSA", rsa(), payload, seconds);
        report("ES256", "SHA256withECDSAinP1363Format", p256(), payload, seconds);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static void report(String alg, String jca, KeyPair keys, byte[] payload, int seconds) throws Exception {
        Signature signer = Signature.getInstance(jca);
        signer.initSign(keys.getPrivate());
        signer.update(payload);
        byte[] signature = signer.sign();
        perSecond(() -> sign(jca, keys, payload), 2); // warm-up
        perSecond(() -> verify(jca, keys, payload, signature), 2);
        double signs = perSecond(() -> sign(jca, keys, payload), seconds);
        double verifies = perSecond(() -> verify(jca, keys, payload, signature), seconds);
        System.out.printf("RESULT %s %.0f %.0f%n", alg, signs, verifies);
    }

    private static void sign(String jca, KeyPair keys, byte[] payload) throws Exception {
        Signature signature = Signature.getInstance(jca);
        signature.initSign(keys.getPrivate());
        signature.update(payload);
        signature.sign();
    }

    private static void verify(String jca, KeyPair keys, byte[] payload, byte[] expected) throws Exception {
        Signature signature = Signature.getInstance(jca);
        signature.initVerify(keys.getPublic());
        signature.update(payload);
        if (!signature.verify(expected)) {
            throw new IllegalStateException(jca + " did not verify its own signature");
        }
    }

    interface Operation {
        void run() throws Exception;
    }

    private static double perSecond(Operation operation, int seconds) throws Exception {
        long count = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long now;
        do {
            operation.run();
            count++;
            now = System.nanoTime();
        } while (now < end);
        return count / ((now - start) / 1e9);
    }
}
