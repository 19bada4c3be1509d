package dev.prequel.evaluator.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the admin token admits, and the tokens the evaluator refuses to start with. */
class AdminTokenTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void onlyTheBearerOfTheTokenIsAdmitted() {
        AdminToken token = new AdminToken(TOKEN);
        assertTrue(token.admits("Bearer " + TOKEN));
        assertTrue(token.admits("bearer " + TOKEN), "the scheme is case-insensitive (RFC 6750)");
        assertFalse(token.admits(null));
        assertFalse(token.admits(""));
        assertFalse(token.admits("Bearer"));
        assertFalse(token.admits("Bearer "));
        assertFalse(token.admits(TOKEN));
        assertFalse(token.admits("Basic " + TOKEN));
        assertFalse(token.admits("Bearer " + TOKEN + "0"));
        assertFalse(token.admits("Bearer " + TOKEN.substring(1)));
        assertFalse(token.admits("Bearer " + TOKEN.toUpperCase()));
    }

    @Test
    void aShortOrBlankTokenRefusesTheStartWithoutShowingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new AdminToken("short-secret"));
        assertFalse(e.getMessage().contains("short-secret"), "the message must not echo the token");
        assertThrows(IllegalStateException.class, () -> new AdminToken("   "));
    }
}
