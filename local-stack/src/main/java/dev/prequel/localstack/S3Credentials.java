package dev.prequel.localstack;

import java.security.SecureRandom;

/** An S3 key pair. {@link #toString()} never shows the secret. */
public record S3Credentials(String accessKey, String secretKey) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Fresh credentials for one start: nothing long-lived to leak, and nothing shared between runs. */
    public static S3Credentials random() {
        return new S3Credentials("prequel" + token(12), token(40));
    }

    /** Letters and digits only: safe in a signature's credential scope, a shell line and a URL. */
    private static String token(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKey=" + accessKey + ", secretKey=***]";
    }
}
