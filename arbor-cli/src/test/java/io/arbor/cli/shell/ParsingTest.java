package io.arbor.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arbor.protocol.Acl;
import io.arbor.protocol.Id;
import io.arbor.protocol.Perms;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a typed line becomes words, options and ACLs; what config -c makes of a dynamic configuration. */
class ParsingTest {
    @Test
    void wordsSplitOnBlanksAndQuotesKeepBlanks() {
        assertThat(LineTokenizer.split("  create   /a  \"two words\" 'single quoted' x\"y ")).containsExactly(
                "create", "/a", "two words", "single quoted", "x\"y");
        assertThat(LineTokenizer.split("set /a \"\"")).containsExactly("set", "/a", "");
        assertThat(LineTokenizer.split("   ")).isEmpty();
    }

    @Test
    void optionsMayComeAfterTheArgumentsAndNegativeNumbersAreArguments() throws CliFailure {
        Args args = Args.parse(List.of("/a", "-b", "10", "-s", "-1", "-"), "s", "b");
        assertThat(args.has('s')).isTrue();
        assertThat(args.value('b')).isEqualTo("10");
        assertThat(args.at(0)).isEqualTo("/a");
        assertThat(args.at(1)).isEqualTo("-1");
        assertThat(args.at(2)).isEqualTo("-");
        assertThat(args.count()).isEqualTo(3);
    }

    @Test
    void unknownOptionsAndMissingValuesAreRefused() {
        assertThatThrownBy(() -> Args.parse(List.of("-z", "/a"), "s", "")).isInstanceOf(CliFailure.class)
                .hasMessage("Unrecognized option: -z");
        assertThatThrownBy(() -> Args.parse(List.of("/a", "-v"), "", "v")).isInstanceOf(CliFailure.class)
                .hasMessage("Missing argument for option: v");
    }

    @Test
    void aclEntriesParseWithColonsInTheId() {
        StringWriter err = new StringWriter();
        List<Acl> acl = AclParser.parse("world:anyone:r,digest:bob:h4sh=:cdrwa,ip:::1:rw", new PrintWriter(err, true));
        assertThat(acl).containsExactly(new Acl(Perms.READ, Id.ANYONE),
                new Acl(Perms.ALL, new Id("digest", "bob:h4sh=")),
                new Acl(Perms.READ | Perms.WRITE, new Id("ip", "::1")));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void badAclEntriesAreReportedAndLeftOut() {
        StringWriter err = new StringWriter();
        List<Acl> acl = AclParser.parse("nonsense,world:anyone:rxq", new PrintWriter(err, true));
        assertThat(acl).containsExactly(new Acl(Perms.READ, Id.ANYONE));
        assertThat(err.toString()).isEqualTo("nonsense does not have the form scheme:id:perm\n"
                + "Unknown perm type: x\nUnknown perm type: q\n");
    }

    @Test
    void clientConfigListsTheClientAddressesAfterTheVersion() {
        String config = "server.1=10.0.0.1:2888:3888:participant;0.0.0.0:2181\n"
                + "server.2=10.0.0.2:2888:3888:participant;2182\n"
                + "server.3=10.0.0.3:2888:3888:observer\n"
                + "version=100000003";
        assertThat(ReadCommands.Config.clientConfig(config)).isEqualTo("100000003 0.0.0.0:2181,10.0.0.2:2182");
        assertThat(ReadCommands.Config.clientConfig("")).isEqualTo(" ");
    }

    @Test
    void invalidPathsAreNamedAsZkCliNamesThem() throws CliFailure {
        assertThatThrownBy(() -> Command.checkPath("a", false)).hasMessage("Path must start with / character");
        assertThatThrownBy(() -> Command.checkPath("/a/", false)).hasMessage("Path must not end with / character");
        assertThatThrownBy(() -> Command.checkPath("/a/./b", false))
                .hasMessage("Invalid path string \"/a/./b\" caused by relative paths not allowed @3");
        assertThat(Command.checkPath("/a/", true)).as("a sequential prefix").isEqualTo("/a/");
    }
}
