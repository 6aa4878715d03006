package dev.batchtracker.session.api.security;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WriteTokenTest {

    private final WriteToken token = new WriteToken(Optional.of("s3cret"));

    @Test
    void onlyTheExactBearerTokenIsAllowed() {
        assertThat(token.check("Bearer s3cret")).isEqualTo(WriteToken.Verdict.ALLOWED);
        assertThat(token.check("BEARER s3cret")).isEqualTo(WriteToken.Verdict.ALLOWED);
        assertThat(token.check("Bearer s3cret ")).isEqualTo(WriteToken.Verdict.ALLOWED);
        assertThat(token.check("Bearer s3cre")).isEqualTo(WriteToken.Verdict.INVALID);
        assertThat(token.check("Bearer s3cretX")).isEqualTo(WriteToken.Verdict.INVALID);
        assertThat(token.check("Bearer S3CRET")).isEqualTo(WriteToken.Verdict.INVALID);
    }

    @Test
    void aMissingOrOtherSchemeIsMissing() {
        assertThat(token.check(null)).isEqualTo(WriteToken.Verdict.MISSING);
        assertThat(token.check("")).isEqualTo(WriteToken.Verdict.MISSING);
        assertThat(token.check("Bearer ")).isEqualTo(WriteToken.Verdict.MISSING);
        assertThat(token.check("Basic s3cret")).isEqualTo(WriteToken.Verdict.MISSING);
        assertThat(token.check("s3cret")).isEqualTo(WriteToken.Verdict.MISSING);
    }

    @Test
    void withoutAConfiguredTokenEverythingIsAllowed() {
        WriteToken open = new WriteToken(Optional.empty());
        assertThat(open.required()).isFalse();
        assertThat(open.check(null)).isEqualTo(WriteToken.Verdict.ALLOWED);
        assertThat(new WriteToken(Optional.of("  ")).required()).isFalse();
    }
}
