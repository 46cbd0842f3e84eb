package org.covidcxr.app.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.covidcxr.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditLogTest {
    @TempDir
    Path temp;

    private Path logWithThreeEntries() throws IOException {
        Path file = temp.resolve("audit").resolve("audit.jsonl");
        AuditLog log = AuditLog.open(file);
        log.append(new AuditEvent.ModelChange(Instant.parse("2026-01-01T10:00:00Z"), "dr.a", "activated", "1.0.0",
                "ab".repeat(32), "", "done"));
        for (int i = 0; i < 2; i++) {
            log.append(new AuditEvent.Analysis(Instant.parse("2026-01-01T10:0" + (i + 1) + ":00Z"), "dr.a", "1.0.0",
                    "ab".repeat(32), "cd".repeat(32), Map.of("covid", 0.8, "normal", 0.1, "pneumonia", 0.1), 0.8,
                    0.4, "COVID-19 suspected"));
        }
        return file;
    }

    /** The same, opened once since: its checkpoint covers the three entries. */
    private Path verifiedLogWithThreeEntries() throws IOException {
        Path file = logWithThreeEntries();
        AuditLog.open(file);
        return file;
    }

    @Test
    void anUntouchedLogVerifiesAndContinuesItsChainAfterReopening() throws IOException {
        Path file = logWithThreeEntries();
        AuditLog reopened = AuditLog.open(file);
        assertThat(reopened.entries()).isEqualTo(3);
        reopened.append(new AuditEvent.ModelChange(Instant.now(), "dr.b", "rolled_back", "0.9.0", "", "1.0.0", "done"));

        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isEqualTo(4);
        assertThat(Files.readAllLines(file).get(1)).contains("\"inputSha256\":\"cdcd").contains("\"user\":\"dr.a\"")
                .contains("\"decision\":\"COVID-19 suspected\"").doesNotContain("patient");
    }

    @Test
    void theWorkstationAndTheCommandLineAppendingInTurnKeepOneIntactChain() throws IOException {
        Path file = logWithThreeEntries();
        AuditLog workstation = AuditLog.open(file);
        AuditLog commandLine = AuditLog.open(file); // as a second process would: opened while the first runs
        commandLine.append(new AuditEvent.ModelChange(Instant.now(), "dr.b", "activated", "1.1.0", "", "1.0.0", "done"));
        workstation.append(new AuditEvent.ModelChange(Instant.now(), "dr.a", "loaded", "1.1.0", "", "1.0.0", "done"));
        commandLine.append(new AuditEvent.ModelChange(Instant.now(), "dr.b", "rolled_back", "1.0.0", "", "1.1.0", "done"));

        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.intact()).as(result.describe()).isTrue();
        assertThat(result.entries()).isEqualTo(6);
        assertThat(workstation.entries()).isEqualTo(6);
        assertThat(AuditLog.open(file).entries()).isEqualTo(6);
    }

    @Test
    void aLogWhoseLastLineWasCutOffIsRefusedForAppendingWithWhatToDo() throws IOException {
        Path file = logWithThreeEntries();
        AuditLog log = AuditLog.open(file);
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() - 20));

        assertThatThrownBy(() -> log.append(new AuditEvent.ModelChange(Instant.now(), "dr.b", "activated", "1.1.0",
                "", "1.0.0", "done"))).isInstanceOf(IOException.class).hasMessageContaining("last line")
                .hasMessageContaining("audit verify");
        assertThat(Files.readString(file)).isEqualTo(text.substring(0, text.length() - 20));
    }

    @Test
    void aFileThatIsNotTextFailsVerificationWithAReasonNotADecoderError() throws IOException {
        Path file = logWithThreeEntries();
        Files.write(file, new byte[] {(byte) 0xC3, (byte) 0x28, 0x0A}, java.nio.file.StandardOpenOption.APPEND);

        AuditVerifier.Result result = AuditVerifier.verify(file);

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadLine()).isEqualTo(4);
        assertThat(result.describe()).contains("not UTF-8 text");
    }

    @Test
    void aGenuineReplacementCharacterInAUserNameIsNotMistakenForDamage() throws IOException {
        Path file = logWithThreeEntries();
        AuditLog.open(file).append(new AuditEvent.ModelChange(Instant.now(), "dr.\uFFFD", "activated", "1.1.0", "",
                "1.0.0", "done"));

        assertThat(AuditVerifier.verify(file).intact()).isTrue();
        assertThat(AuditLog.open(file).entries()).isEqualTo(4);
    }

    @Test
    void editingOneLineIsDetectedAndNamed() throws IOException {
        Path file = logWithThreeEntries();
        editSecondEntry(file);

        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadLine()).isEqualTo(2);
        assertThat(result.problem()).contains("edited");
        assertThatThrownBy(() -> AuditLog.open(file)).isInstanceOf(IOException.class).hasMessageContaining("line 2");
    }

    @Test
    void deletingOrReorderingLinesIsDetected() throws IOException {
        Path file = logWithThreeEntries();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        Files.write(file, List.of(lines.get(0), lines.get(2)));
        assertThat(AuditVerifier.verify(file).firstBadLine()).isEqualTo(2);

        Files.write(file, List.of(lines.get(1), lines.get(0), lines.get(2)));
        assertThat(AuditVerifier.verify(file).firstBadLine()).isEqualTo(1);
    }

    @Test
    void resealingAnEditedLineWithoutTheSiteKeyIsCaughtAtThatLine() throws IOException {
        Path file = logWithThreeEntries();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String body = lines.get(1).replaceAll(",\"hash\":\"[0-9a-f]{64}\"}$", "}").replace("dr.a", "dr.x");
        lines.set(1, AuditLog.sealed(body, AuditVerifier.sha256(body)));
        Files.write(file, lines);

        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.firstBadLine()).isEqualTo(2);
        assertThat(result.problem()).contains("site key");
    }

    @Test
    void auditVerifyCommandNamesTheFirstBadLine() throws IOException {
        Path file = logWithThreeEntries();
        assertThat(run("audit", "verify", "--log", file.toString())).startsWith("0:").contains("intact: 3 entries");

        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(2, lines.get(2).replace("dr.a", "dr.b"));
        Files.write(file, lines);
        assertThat(run("audit", "verify", "--log", file.toString())).startsWith("1:").contains("line 3")
                .contains("TAMPERED");
        assertThat(run("audit", "verify", "--log", temp.resolve("none.jsonl").toString())).startsWith("2:");
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(args);
        return exit + ":" + out;
    }

    @Test
    void aLogEditedAndReChainedWithoutTheSiteKeyFailsVerification() throws IOException {
        Path file = logWithThreeEntries();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).replace("\"covidProbability\":0.8", "\"covidProbability\":0.1"));

        Files.write(file, reChained(lines), StandardCharsets.UTF_8);

        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBadLine()).isEqualTo(1);
        assertThat(result.problem()).contains("site key");
        assertThatThrownBy(() -> AuditLog.open(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("fails verification");
    }

    @Test
    void aLogFromBeforeTheSiteKeyKeepsVerifyingAndIsKeyedFromThenOn() throws IOException {
        Path file = temp.resolve("old").resolve("audit.jsonl");
        Files.createDirectories(file.getParent());
        List<String> legacy = new ArrayList<>();
        for (int seq = 1; seq <= 2; seq++) {
            legacy.add("{\"seq\":" + seq + ",\"type\":\"model-change\",\"prev\":\"\"}");
        }
        Files.write(file, reChained(legacy), StandardCharsets.UTF_8);
        assertThat(AuditVerifier.verify(file).intact()).isTrue();

        AuditLog.open(file).append(new AuditEvent.ModelChange(Instant.now(), "dr.a", "activated", "1.1.0", "",
                "1.0.0", "done"));

        assertThat(AuditKey.read(file).orElseThrow().fromSeq()).isEqualTo(3);
        assertThat(AuditVerifier.verify(file).describe()).isEqualTo("intact, 3 entries");
        // Without the key, the keyed third entry cannot be re-sealed: a forger's SHA-256 seal is refused.
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        Files.write(file, reChained(lines), StandardCharsets.UTF_8);
        assertThat(AuditVerifier.verify(file).firstBadLine()).isEqualTo(3);
    }

    @Test
    void openingVerifiesWhatWasAppendedSinceTheLogWasLastVerified() throws IOException {
        Path file = logWithThreeEntries();
        AuditLog.open(file).append(analysis("dr.b"));
        assertThat(AuditCheckpoint.find(file, AuditKey.read(file)).checkpoint()).hasValueSatisfying(c ->
                assertThat(c.entries()).isEqualTo(3));
        assertThat(AuditLog.open(file).entries()).isEqualTo(4);
        assertThat(AuditCheckpoint.find(file, AuditKey.read(file)).checkpoint()).hasValueSatisfying(c ->
                assertThat(c.entries()).isEqualTo(4));

        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.add(lines.get(3).replace("\"seq\":4", "\"seq\":5"));
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AuditLog.open(file)).isInstanceOf(IOException.class).hasMessageContaining("line 5");
    }

    /**
     * The trade for a start that does not grow with the log: a line that was verified before and edited since (its
     * length kept) is found by a whole verification, as {@code covidcxr audit verify} makes, not at opening.
     */
    @Test
    void anEditToALineVerifiedBeforeIsFoundByTheWholeVerification() throws IOException {
        Path file = verifiedLogWithThreeEntries();
        editSecondEntry(file);

        assertThat(AuditLog.open(file).entries()).isEqualTo(3);
        assertThat(AuditVerifier.verify(file).describe()).startsWith("line 2:").contains("site key");
    }

    @Test
    void entriesRemovedFromTheEndAreFoundAgainstTheCheckpoint() throws IOException {
        Path file = verifiedLogWithThreeEntries();
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, 2), StandardCharsets.UTF_8);

        assertThat(AuditVerifier.verify(file).describe()).isEqualTo("line 3: the log ends after entry 2, but it held "
                + "3 entries when it was last verified (entries were removed from its end)");
        assertThatThrownBy(() -> AuditLog.open(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("entries were removed from its end");
    }

    @Test
    void aLogCutShortAndContinuedIsCaughtAtTheEntryThatTookTheVerifiedOnesPlace() throws IOException {
        Path file = verifiedLogWithThreeEntries();
        Path checkpoint = AuditCheckpoint.file(file);
        Path kept = Files.move(checkpoint, temp.resolve("kept-checkpoint"));
        Files.write(file, Files.readAllLines(file).subList(0, 2), StandardCharsets.UTF_8);
        AuditLog.open(file).append(analysis("dr.x")); // a new third entry, chained and sealed with the key
        Files.move(kept, checkpoint, StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> AuditLog.open(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 3").hasMessageContaining("entries were removed or replaced");
    }

    @Test
    void aCheckpointNotSealedWithTheSiteKeyCannotVouchForAnything() throws IOException {
        Path file = logWithThreeEntries();
        List<String> lines = editSecondEntry(file);
        List<String> sealed = new ArrayList<>();
        for (String line : lines) {
            sealed.add(line.replaceAll(".*,\"hash\":\"([0-9a-f]{64})\"}$", "$1"));
        }
        long bytes = Files.size(file);
        Files.writeString(AuditCheckpoint.file(file), "3 " + bytes + " " + sealed.get(0) + " " + sealed.get(2) + " "
                + "00".repeat(32) + "\n");

        assertThatThrownBy(() -> AuditLog.open(file)).isInstanceOf(IOException.class).hasMessageContaining("line 2");
    }

    @Test
    void aDamagedCheckpointIsTamperingButAMissingOneIsNot() throws IOException {
        Path file = verifiedLogWithThreeEntries();
        Files.delete(AuditCheckpoint.file(file));
        assertThat(AuditLog.open(file).entries()).as("a log from before checkpoints").isEqualTo(3);

        Files.writeString(AuditCheckpoint.file(file), "3 garbage\n");
        assertThat(AuditVerifier.verify(file).describe()).startsWith("line 4: audit.verified beside the log")
                .contains("edited or replaced");
        assertThatThrownBy(() -> AuditLog.open(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("not sealed with the site key");
    }

    @Test
    void anEmptiedOrDeletedLogIsCaughtAgainstTheCheckpoint() throws IOException {
        Path file = verifiedLogWithThreeEntries();
        Files.write(file, new byte[0]);
        assertThat(AuditVerifier.verify(file).describe()).isEqualTo("line 1: missing: the log is empty, but it held 3 "
                + "entries when it was last verified");

        Files.delete(file);
        assertThatThrownBy(() -> AuditLog.open(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("is missing").hasMessageContaining("move audit.verified aside too");
    }

    @Test
    void aNewLogIsStartedWhenTheOldOneAndItsCheckpointWereMovedAside() throws IOException {
        Path file = verifiedLogWithThreeEntries();
        Path aside = Files.createDirectory(temp.resolve("for-investigation"));
        Files.move(file, aside.resolve("audit.jsonl"));
        Files.move(AuditCheckpoint.file(file), aside.resolve(AuditCheckpoint.FILE_NAME));

        AuditLog.open(file).append(analysis("dr.b"));

        assertThat(AuditLog.open(file).entries()).isEqualTo(1);
        assertThat(AuditVerifier.verify(file).intact()).isTrue();
    }

    @Test
    void aLastEntryWithoutItsLineBreakFailsVerificationAsAppendingWould() throws IOException {
        Path file = logWithThreeEntries();
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() - 1));

        assertThat(AuditVerifier.verify(file).describe()).startsWith("line 3: ends without its line break");
    }

    /** Changes the second entry's COVID-19 probability in place, its length kept; returns the log's lines. */
    private static List<String> editSecondEntry(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).replace("\"covidProbability\":0.8", "\"covidProbability\":0.1"));
        Files.write(file, lines, StandardCharsets.UTF_8);
        return lines;
    }

    private static AuditEvent analysis(String user) {
        return new AuditEvent.Analysis(Instant.now(), user, "1.0.0", "ab".repeat(32), "cd".repeat(32),
                Map.of("covid", 0.8, "normal", 0.1, "pneumonia", 0.1), 0.8, 0.4, "COVID-19 suspected");
    }

    /** What a forger without the key can do: seal every line again with SHA-256 and chain them anew. */
    private static List<String> reChained(List<String> lines) {
        List<String> out = new ArrayList<>();
        String prev = AuditLog.GENESIS;
        for (String line : lines) {
            String body = line.replaceAll(",\"hash\":\"[0-9a-f]{64}\"}$", "}")
                    .replaceAll("\"prev\":\"[0-9a-f]*\"", "\"prev\":\"" + prev + "\"");
            String hash = AuditVerifier.sha256(body);
            out.add(AuditLog.sealed(body, hash));
            prev = hash;
        }
        return out;
    }
}
