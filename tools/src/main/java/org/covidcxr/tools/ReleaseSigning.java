package org.covidcxr.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.covidcxr.modelstore.BundleSignature;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.SigningKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The project's release key: made once by whoever releases, kept by them (never in the repository; see decision
 * 0021), and used to sign the bundles the product ships. Only its public half is committed, in model-store's
 * {@code covidcxr/keys/release-keys.json}.
 */
@Command(name = "release-key", mixinStandardHelpOptions = true,
        description = "Make the project's release key, or sign shipped model bundles with it.",
        subcommands = {ReleaseSigning.Generate.class, ReleaseSigning.Sign.class, CommandLine.HelpCommand.class})
final class ReleaseSigning {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write a new release key (readable by its owner only) and print its public half as an "
                    + "entry for release-keys.json.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "New file for the key; keep it off the repository.")
        Path out;

        @Option(names = "--signer", description = "The key's name in signatures (default: ${DEFAULT-VALUE}).")
        String signer = "COVID-CXR release key";

        @Override
        public Integer call() throws Exception {
            SigningKey key = SigningKey.generate(signer);
            key.writeNew(out);
            System.out.println(JsonMapper.builder().addModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
                    .build().writeValueAsString(List.of(key.trusted("the project's release key"))));
            return 0;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Verify sealed bundle folders and sign each with the release key.")
    static final class Sign implements Callable<Integer> {
        @Option(names = "--key", required = true, description = "The release key file.")
        Path key;

        @Parameters(paramLabel = "BUNDLE", arity = "1..*", description = "Sealed bundle folders.")
        List<Path> bundles;

        @Override
        public Integer call() {
            SigningKey signing = SigningKey.read(key);
            for (Path bundle : bundles) {
                ModelBundles.open(bundle);
                BundleSignature signature = signing.sign(bundle);
                ModelBundles.open(bundle); // the new signature checks out
                System.out.println("Signed " + bundle + " as " + signature.describe());
            }
            return 0;
        }
    }
}
