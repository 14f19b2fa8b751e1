package io.latentpatch.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys of the gateway, shared by whoever makes one (the local stack, an operator with the CLI) and the
 * gateway that checks them. A key is {@code lp_} plus 43 base64url characters (256 random bits); the gateway
 * stores only its hex SHA-256 ({@link #sha256Hex}), configured as {@code tenant:hash}.
 */
public final class ApiKeys {

    /** Prefix of generated keys (so a key in a log or a paste is recognisable). */
    public static final String PREFIX = "lp_";
    /** Longest key the gateway reads from a header. */
    public static final int MAX_LENGTH = 256;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A fresh random key. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The lower-case hex SHA-256 of the key's UTF-8 bytes: what the gateway's configuration holds. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** The raw SHA-256 of the key's UTF-8 bytes. */
    public static byte[] sha256(String key) {
        if (key == null || key.isEmpty()) throw new InvalidMessageException("an API key must not be empty");
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** {@code tenant:sha256hex}, one entry of {@code latentpatch.auth.keys}. */
    public static String configEntry(String tenant, String key) {
        return Ids.require("tenant", tenant) + ":" + sha256Hex(key);
    }
}
