package dev.marketfn.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file Knative's SinkBinding projects, on a real file system; the posts themselves are tested in the sinks. */
class SinkTokenTest {
    @TempDir
    Path dir;

    @Test
    void noFileNoHeaderAndAFileIsReadAgainForEveryPost() throws IOException {
        Path file = dir.resolve("token");
        SinkToken token = new SinkToken(file);
        assertThat(token.authorization()).isEmpty();
        Files.writeString(file, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln\n");
        assertThat(token.authorization()).contains("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln");
        Files.writeString(file, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiIn0.c2ln");
        assertThat(token.authorization()).contains("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiIn0.c2ln");
        Files.writeString(file, " \n");
        assertThat(token.authorization()).isEmpty();
        Files.delete(file);
        assertThat(token.authorization()).isEmpty();
    }

    @Test
    void aFileThatHoldsMoreThanOneTokenFailsWithoutSayingWhatItHolds() throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, "secret-part-one\r\nX-Injected: secret-part-two");
        assertThatThrownBy(() -> new SinkToken(file).authorization()).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageNotContaining("secret-part");
        Files.write(file, new byte[] {'a', (byte) 0xe9, 'b'});
        assertThatThrownBy(() -> new SinkToken(file).authorization()).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aDirectoryWhereTheFileShouldBeIsAnError() throws IOException {
        Files.createDirectory(dir.resolve("token"));
        assertThatThrownBy(() -> new SinkToken(dir.resolve("token")).authorization()).isInstanceOf(IOException.class);
    }
}
