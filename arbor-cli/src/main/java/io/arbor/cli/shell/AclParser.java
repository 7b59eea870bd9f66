package io.arbor.cli.shell;

import io.arbor.protocol.Acl;
import io.arbor.protocol.Id;
import io.arbor.protocol.Perms;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads zkCli's ACL argument: {@code scheme:id:perms[,scheme:id:perms...]}, perms among the letters cdrwa. As
 * zkCli does, an entry not of that form, or an unknown letter, is reported on stderr and left out (a letter)
 * or skipped (an entry); the id may itself hold colons ({@code digest:user:hash:cdrwa}, IPv6).
 */
final class AclParser {
    private AclParser() {}

    static List<Acl> parse(String text, PrintWriter err) {
        List<Acl> acl = new ArrayList<>();
        for (String entry : text.split(",")) {
            int first = entry.indexOf(':');
            int last = entry.lastIndexOf(':');
            if (first < 0 || first == last) {
                err.println(entry + " does not have the form scheme:id:perm");
                continue;
            }
            String scheme = entry.substring(0, first);
            String id = entry.substring(first + 1, last);
            acl.add(new Acl(perms(entry.substring(last + 1), err), new Id(scheme, id)));
        }
        return acl;
    }

    private static int perms(String letters, PrintWriter err) {
        int perms = 0;
        for (char c : letters.toCharArray()) {
            switch (c) {
                case 'r' -> perms |= Perms.READ;
                case 'w' -> perms |= Perms.WRITE;
                case 'c' -> perms |= Perms.CREATE;
                case 'd' -> perms |= Perms.DELETE;
                case 'a' -> perms |= Perms.ADMIN;
                default -> err.println("Unknown perm type: " + c);
            }
        }
        return perms;
    }
}
