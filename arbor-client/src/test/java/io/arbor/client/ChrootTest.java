package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChrootTest {
    private final Chroot app = Chroot.of("/app");

    @Test
    void prependsOnTheWayOut() {
        assertThat(app.prepend("/")).isEqualTo("/app");
        assertThat(app.prepend("/x/y")).isEqualTo("/app/x/y");
    }

    @Test
    void stripsOnTheWayBack() {
        assertThat(app.strip("/app")).isEqualTo("/");
        assertThat(app.strip("/app/x/y")).isEqualTo("/x/y");
        // a sibling that merely shares the prefix is not inside the chroot
        assertThat(app.strip("/apple")).isEqualTo("/apple");
        assertThat(app.strip(null)).isNull();
    }

    @Test
    void noneLeavesPathsAlone() {
        assertThat(Chroot.NONE.prepend("/x")).isEqualTo("/x");
        assertThat(Chroot.NONE.strip("/x")).isEqualTo("/x");
        assertThat(Chroot.of("/")).isEqualTo(Chroot.NONE);
    }
}
