package org.covidcxr.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.covidcxr.pacs.DicomNode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** The commands take the arguments the tools' former hand-written parsers took, with the same defaults. */
class ToolsTest {

    @Test
    void recipeTakesNameValuePairsWithTheFormerDefaults() {
        ParseResult recipe = parse("recipe", "--archs", "resnet", "--text-markers", "true", "--evaluate-test", "false",
                "--lung-masks", "masks", "--lung-segmenter", "segmenter", "--limit-per-class", "5");

        assertThat(recipe.matchedOptionValue("--archs", List.of())).containsExactly("resnet");
        assertThat(recipe.matchedOptionValue("--text-markers", false)).isTrue();
        assertThat(recipe.matchedOptionValue("--evaluate-test", true)).isFalse();
        assertThat(defaults(recipe.commandSpec(), "--data", "--out", "--version", "--archs", "--members", "--seed",
                "--epochs", "--patience", "--input-size", "--width", "--threads", "--limit-per-class", "--nuisance",
                "--source-balanced", "--adversarial-weight", "--ranking-weight", "--select-on"))
                .containsExactly("../shared/data/cxr", "target/default-model", "1.0.0", "resnet,vgg", "1", "1", "40",
                        "10", "160", "16", "2", "0", "false", "false", "0", "0", "macro-auroc");
    }

    @Test
    void repackageNeedsTheModelTheVersionAndTheSegmenter() {
        ParseResult repackage = parse("repackage", "--from", "model-store/models/1.1.0", "--version", "1.1.1",
                "--lung-segmenter", "seg", "--note", "why", "--limitation", "one more");

        assertThat(repackage.matchedOptionValue("--limitation", "")).isEqualTo("one more");
        assertThat(defaults(repackage.commandSpec(), "--data", "--out", "--note"))
                .containsExactly("../shared/data/cxr", "target/repackaged", "");
        assertThatThrownBy(() -> parse("repackage", "--from", "model-store/models/1.1.0"))
                .isInstanceOf(CommandLine.MissingParameterException.class);
    }

    @Test
    void positionalToolsKeepTheirOrderAndDefaults() {
        ParseResult segmenter = parse("train-segmenter", "../shared/data/lung-masks", "out", "128", "8", "30");
        ParseResult fineTune = parse("benchmark-finetune", "model-store/models/1.0.0", "--unfrozen");

        assertThat(segmenter.matchedPositionalValue(4, 0)).isEqualTo(30);
        assertThat(segmenter.commandSpec().positionalParameters()).extracting(p -> p.defaultValue())
                .containsExactly(null, null, "128", "8", "40", "16", "1");
        assertThat(fineTune.matchedOptionValue("--unfrozen", false)).isTrue();
        assertThat(fineTune.commandSpec().positionalParameters()).extracting(p -> p.defaultValue())
                .containsExactly(null, "../shared/data/cxr", "500", "3", null);
    }

    @Test
    void theOneDnnBenchmarkPassesEveryOtherArgumentToTheInferenceBenchmark() {
        ParseResult oneDnn = parse("benchmark-onednn", "--model", "m", "--rounds", "1", "--train-steps", "10");
        ParseResult inference = parse("benchmark-inference", "--model", "m", "--train-steps", "10");

        assertThat(oneDnn.matchedOptionValue("--rounds", 3)).isEqualTo(1);
        assertThat(oneDnn.unmatched()).containsExactly("--model", "m", "--train-steps", "10");
        assertThat(inference.matchedOptionValue("--model", Path.of(""))).isEqualTo(Path.of("m"));
        assertThat(defaults(inference.commandSpec(), "--data", "--iterations", "--warmup", "--train-steps"))
                .containsExactly("../shared/data/cxr", "200", "10", "6");
    }

    @Test
    void thePacsBenchmarkNamesThePacsAsAeAtHostAndPort() {
        ParseResult pacs = parse("benchmark-pacs", "--node", "PACS@10.0.0.5:104", "--studies", "3");

        assertThat(pacs.matchedOptionValue("--node", (DicomNode) null)).isEqualTo(new DicomNode("PACS", "10.0.0.5",
                104));
        assertThat(defaults(pacs.commandSpec(), "--node", "--ae", "--port", "--studies", "--size"))
                .containsExactly("ORTHANC@127.0.0.1:4242", "COVIDCXR", "11112", "20", "2048");
        assertThatThrownBy(() -> parse("benchmark-pacs", "--node", "PACS:104"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("AE@HOST:PORT");
    }

    @Test
    void thePacsBenchmarkSaysWhatToCheckWhenNoPacsAnswers() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CommandLine tools = Tools.commandLine();
        tools.setErr(new PrintWriter(err));

        assertThat(tools.execute("benchmark-pacs", "--node", "NOBODY@127.0.0.1:" + port)).isEqualTo(1);
        assertThat(err.toString()).contains("C-ECHO with NOBODY@127.0.0.1:" + port).contains("nothing answers");
    }

    @Test
    void withoutACommandItSaysSoAndExitsWithTheUsageCode() {
        assertThat(Tools.commandLine().execute()).isEqualTo(CommandLine.ExitCode.USAGE);
    }

    private static ParseResult parse(String... args) {
        return Tools.commandLine().parseArgs(args).subcommand();
    }

    private static List<String> defaults(CommandSpec command, String... options) {
        return List.of(options).stream().map(o -> command.findOption(o).defaultValue()).toList();
    }
}
