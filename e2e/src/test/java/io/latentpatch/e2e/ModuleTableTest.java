package io.latentpatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/architecture.md's module table says who depends on whom exactly as the poms do (outside test scope). */
class ModuleTableTest {
    private static final Path ROOT = Path.of(System.getProperty("latentpatch.home", Path.of("").toAbsolutePath().getParent().toString()));
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");
    private static final Pattern ROW = Pattern.compile("^\\| (`[^|]+`) \\| [^|]* \\| ([^|]*) \\|$", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void theArchitectureModuleTableMatchesThePoms() throws IOException {
        Map<String, String> dirByArtifact = new LinkedHashMap<>();
        String rootPom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher modules = MODULE.matcher(rootPom);
        while (modules.find()) dirByArtifact.put(ownArtifact(ROOT.resolve(modules.group(1)).resolve("pom.xml")), modules.group(1));

        Map<String, Set<String>> fromPoms = new TreeMap<>();
        for (String dir : dirByArtifact.values()) {
            Set<String> deps = new TreeSet<>();
            String pom = Files.readString(ROOT.resolve(dir).resolve("pom.xml"));
            Matcher d = DEPENDENCY.matcher(pom.substring(pom.indexOf("<dependencies>") < 0 ? pom.length() : pom.indexOf("<dependencies>")));
            while (d.find()) {
                String block = d.group(1);
                if (block.contains("<scope>test</scope>")) continue;
                Matcher a = ARTIFACT.matcher(block);
                if (a.find() && dirByArtifact.containsKey(a.group(1))) deps.add(shortName(dirByArtifact.get(a.group(1))));
            }
            fromPoms.put(dir, deps);
        }

        Map<String, Set<String>> fromDoc = new TreeMap<>();
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"));
        int section = doc.indexOf("## Modules");
        assertThat(section).as("a '## Modules' section in docs/architecture.md").isNotNegative();
        int end = doc.indexOf("\n## ", section + 1);
        Matcher row = ROW.matcher(doc.substring(section, end < 0 ? doc.length() : end));
        while (row.find()) {
            Set<String> deps = new TreeSet<>();
            Matcher c = CODE.matcher(row.group(2));
            while (c.find()) deps.add(c.group(1));
            if (!row.group(2).trim().equals("—") && !row.group(2).contains("`")) {
                for (String name : row.group(2).split(",")) deps.add(name.trim());
            }
            Matcher names = CODE.matcher(row.group(1));
            while (names.find()) fromDoc.put(names.group(1), deps);
        }
        assertThat(fromDoc).as("docs/architecture.md module table vs the poms").isEqualTo(fromPoms);
    }

    /** The module's own artifactId: the first one after its parent block. */
    private static String ownArtifact(Path pom) throws IOException {
        String text = Files.readString(pom);
        int parentEnd = text.indexOf("</parent>");
        Matcher a = ARTIFACT.matcher(text.substring(parentEnd < 0 ? 0 : parentEnd));
        assertThat(a.find()).as("artifactId in %s", pom).isTrue();
        return a.group(1);
    }

    /** How the table names a module it depends on: {@code libs/core} → {@code core}, {@code deploy/local} → {@code local-stack}. */
    private static String shortName(String dir) {
        if (dir.equals("deploy/local")) return "local-stack";
        return dir.substring(dir.lastIndexOf('/') + 1);
    }
}
