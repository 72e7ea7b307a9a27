package io.kanban.dispatcher.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code X-Kanban-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed by the secret>}.
 * A receiver recomputes it over the bytes it got and compares in constant time.
 */
public final class Signature {
    /** The header that carries the signature. */
    public static final String HEADER = "X-Kanban-Signature";
    static final String ALGORITHM = "HmacSHA256";

    private Signature() {
    }

    /**
     * The header value for {@code body}.
     *
     * @param secret the target's secret
     * @param body the raw body
     * @return {@code sha256=} and the hex HMAC
     */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * Constant-time check of a received header value.
     *
     * @param secret the target's secret
     * @param body the raw body received
     * @param header the header value received, or null
     * @return whether it matches
     */
    public static boolean verify(String secret, byte[] body, String header) {
        if (header == null) {
            return false;
        }
        return java.security.MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }
}
