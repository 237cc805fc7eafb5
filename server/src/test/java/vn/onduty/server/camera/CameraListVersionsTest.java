package vn.onduty.server.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CameraListVersionsTest {

    final AtomicBoolean listening = new AtomicBoolean(true);
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final CameraListVersions versions = new CameraListVersions(listening::get, now::get);

    private void read(long agent, String version) {
        versions.remember(versions.reading(agent), version);
    }

    @Test
    void aVersionReadIsKnownUntilItsAgentsListChanges() {
        assertThat(versions.known(7)).isNull();
        read(7, "a1");
        read(8, "b1");

        assertThat(versions.known(7)).isEqualTo("a1");
        versions.notified("7");
        assertThat(versions.known(7)).isNull();
        assertThat(versions.known(8)).as("another agent's").isEqualTo("b1");
    }

    @Test
    void aReadDuringWhichAChangeWasNotifiedIsNotKept() {
        CameraListVersions.Read read = versions.reading(7);
        versions.notified("9");
        versions.remember(read, "a1");

        assertThat(versions.known(7)).isNull();
        read(7, "a2");
        assertThat(versions.known(7)).isEqualTo("a2");
    }

    @Test
    void nothingIsUsedOrKeptWhileNobodyListens() {
        read(7, "a1");
        listening.set(false);
        assertThat(versions.known(7)).isNull();
        read(8, "b1");
        listening.set(true);
        assertThat(versions.known(8)).isNull();
    }

    @Test
    void aReconnectionOrAnUnreadableNotificationForgetsEverything() {
        read(7, "a1");
        versions.reconnected();
        assertThat(versions.known(7)).isNull();

        read(7, "a1");
        versions.notified("not an id");
        assertThat(versions.known(7)).isNull();
        assertThat(versions.size()).isZero();
    }

    @Test
    void noVersionIsBelievedLongerThanTheLongest() {
        read(7, "a1");
        now.addAndGet(CameraListVersions.LONGEST.toNanos() - 1);
        assertThat(versions.known(7)).isEqualTo("a1");
        now.addAndGet(1);
        assertThat(versions.known(7)).isNull();
        assertThat(versions.size()).as("the old one is dropped").isZero();
    }
}
