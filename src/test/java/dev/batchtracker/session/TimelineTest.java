package dev.batchtracker.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelineTest {

    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void a_new_timeline_is_created_written_and_active_at_once_and_expires_a_timeout_later() {
        Timeline t = Timeline.created(AT, AT.plus(Duration.ofMinutes(30)));

        assertThat(t.createdAt()).isEqualTo(AT);
        assertThat(t.updatedAt()).isEqualTo(AT);
        assertThat(t.lastActivityAt()).isEqualTo(AT);
        assertThat(t.expiresAt()).isEqualTo(AT.plus(Duration.ofMinutes(30)));
        assertThat(t.startedAt()).isNull();
        assertThat(t.finishedAt()).isNull();
        assertThat(t.lastNodeFinishedAt()).isNull();
    }

    @Test
    void a_copy_changes_only_what_it_names_and_leaves_the_original_as_it_was() {
        Timeline before = Timeline.created(AT, AT.plus(Duration.ofMinutes(30)));

        Timeline after = before.toBuilder().startedAt(AT.plusSeconds(1)).build();

        assertThat(after.startedAt()).isEqualTo(AT.plusSeconds(1));
        assertThat(after.toBuilder().startedAt(null).build()).isEqualTo(before).hasSameHashCodeAs(before);
        assertThat(before.startedAt()).isNull();
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void the_times_every_session_has_are_required() {
        assertThatThrownBy(() -> Timeline.builder().createdAt(AT).updatedAt(AT).lastActivityAt(AT).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("expiresAt");
        assertThatThrownBy(() -> Timeline.builder().updatedAt(AT).lastActivityAt(AT).expiresAt(AT).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("createdAt");
    }
}
