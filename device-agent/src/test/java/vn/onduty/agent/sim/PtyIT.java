package vn.onduty.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import vn.onduty.agent.fingerprint.SerialPortLink;

class PtyIT {

    private static byte[] everyByteValue() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        return all;
    }

    @Test
    void passesEveryByteValueUnchangedInBothDirectionsThroughJSerialComm() throws Exception {
        byte[] all = everyByteValue();
        try (Pty pty = Pty.open(); SerialPortLink port = SerialPortLink.open(pty.slavePath(), 57_600)) {
            port.write(all);
            ByteArrayOutputStream atMaster = new ByteArrayOutputStream();
            byte[] buffer = new byte[512];
            for (int i = 0; i < 100 && atMaster.size() < all.length; i++) {
                atMaster.write(buffer, 0, pty.read(buffer, 50));
            }

            pty.write(all);
            ByteArrayOutputStream atSlave = new ByteArrayOutputStream();
            for (int i = 0; i < 100 && atSlave.size() < all.length; i++) {
                atSlave.write(buffer, 0, port.read(buffer, 50));
            }

            assertThat(atMaster.toByteArray()).isEqualTo(all);
            assertThat(atSlave.toByteArray()).isEqualTo(all);
        }
    }

    @Test
    void aClosedMasterBreaksTheOpenPortAndRemovesTheDevice() throws Exception {
        Pty pty = Pty.open();
        String device = pty.slavePath();
        try (SerialPortLink port = SerialPortLink.open(device, 57_600)) {
            pty.close();

            assertThat(new java.io.File(device)).doesNotExist();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> port.read(new byte[16], 200))
                    .hasMessageContaining("closed or vanished");
        }
    }
}
