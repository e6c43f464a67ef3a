package io.tapelib.controller.ltfs;

import io.tapelib.controller.fixtures.SharedFixtures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Runs the index reader over 12,000 deterministic mutations of the reference implementation's index (seeded, so a
 * failure reproduces): byte flips, truncations, duplicated, removed and reordered elements, huge and negative numbers,
 * entity and DTD injections, and random splices. Jazzer's {@link IndexXmlFuzzTest} replays only its seed inputs under
 * Surefire; this test gives every CI run breadth. Only the two typed exceptions may escape ({@link IndexParseProperty}).
 */
class IndexXmlMutationFuzzTest {

    private static final int MUTATIONS = 12_000;
    private static final long SEED = 0x4c544653L; // "LTFS"

    private static final String[] INJECTIONS = {
        "<!DOCTYPE ltfsindex [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
        "<!DOCTYPE ltfsindex SYSTEM \"file:///etc/passwd\">", "&b;", "&xxe;", "&#0;", "&#x1F4A9;", "&amp;", "&lt;",
        "<![CDATA[<name>x</name>]]>", "<!-- c -->", "<?pi x?>", "<directory>", "</directory>", "<file>", "</file>",
        "<contents/>", "<extentinfo>", "<extent>", "<name percentencoded=\"true\">%2F%00%ZZ%", "<x y=\"1\" y=\"2\"/>",
        "<value type=\"base64\">@@@@</value>", "\u0000", "\uFFFE", "\r\n", "]]>", "<ltfsindex version=\"3.0.0\">",
        "version=\"2.99.99\"", "<fileuid>1</fileuid>", "<length>-1</length>", "<readonly>yes</readonly>",
    };

    private static final String[] NUMBERS = {
        "-1", "9223372036854775807", "9223372036854775808", "18446744073709551616", "0", "", " 7 ", "1e9", "0x10",
        "99999999999999999999999999999999999999", "+5", "007",
    };

    @Test
    void twelveThousandMutatedReferenceIndexesGiveOnlyTypedErrors() {
        String fixture = new String(SharedFixtures.ltfsBytes(IndexXmlReaderTest.FIXTURE), StandardCharsets.UTF_8);
        Random random = new Random(SEED);
        Map<IndexParseProperty.Outcome, Integer> outcomes = new EnumMap<>(IndexParseProperty.Outcome.class);

        for (int i = 0; i < MUTATIONS; i++) {
            byte[] mutated = mutate(fixture, random);
            IndexParseProperty.Outcome outcome;
            try {
                outcome = IndexParseProperty.check(mutated);
            } catch (AssertionError e) {
                throw new AssertionError("mutation " + i + " (seed " + SEED + "): " + e.getMessage(), e);
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }

        // the mutations reach both sides: indexes still read, and indexes refused for each reason
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(MUTATIONS);
        assertThat(outcomes.getOrDefault(IndexParseProperty.Outcome.PARSED, 0)).isGreaterThan(MUTATIONS / 50);
        assertThat(outcomes.getOrDefault(IndexParseProperty.Outcome.MALFORMED, 0)).isGreaterThan(MUTATIONS / 2);
        assertThat(outcomes.getOrDefault(IndexParseProperty.Outcome.UNSUPPORTED, 0)).isPositive();
    }

    static byte[] mutate(String fixture, Random random) {
        int rounds = 1 + random.nextInt(3);
        String text = fixture;
        byte[] bytes = null;
        for (int round = 0; round < rounds; round++) {
            switch (random.nextInt(9)) {
                case 0 -> text = withLines(text, random, Mutation.REMOVE);
                case 1 -> text = withLines(text, random, Mutation.DUPLICATE);
                case 2 -> text = withLines(text, random, Mutation.SWAP);
                case 3 -> text = hugeNumber(text, random);
                case 4 -> text = inject(text, random, INJECTIONS[random.nextInt(INJECTIONS.length)]);
                case 5 -> text = inject(text, random, randomText(random));
                case 6 -> text = text.replace("version=\"2.4.0\"", "version=\"" + random.nextInt(5) + "."
                        + random.nextInt(100) + "." + random.nextInt(100) + "\"");
                case 7 -> bytes = flipBytes(text.getBytes(StandardCharsets.UTF_8), random);
                default -> bytes = Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8),
                        random.nextInt(text.length() + 1));
            }
            if (bytes != null) {
                return bytes; // byte-level mutations come last: the text may no longer be UTF-8
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private enum Mutation { REMOVE, DUPLICATE, SWAP }

    /** The fixture has one element per line, so line edits remove, duplicate and reorder elements and subtrees. */
    private static String withLines(String text, Random random, Mutation mutation) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int from = random.nextInt(lines.size());
        int count = Math.min(1 + random.nextInt(random.nextBoolean() ? 2 : 12), lines.size() - from);
        List<String> block = new ArrayList<>(lines.subList(from, from + count));
        switch (mutation) {
            case REMOVE -> lines.subList(from, from + count).clear();
            case DUPLICATE -> lines.addAll(from + count, block);
            case SWAP -> {
                lines.subList(from, from + count).clear();
                lines.addAll(random.nextInt(lines.size() + 1), block);
            }
        }
        return String.join("\n", lines);
    }

    private static String hugeNumber(String text, Random random) {
        List<int[]> numbers = new ArrayList<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(">(\\d+)<").matcher(text);
        while (matcher.find()) {
            numbers.add(new int[] {matcher.start(1), matcher.end(1)});
        }
        int[] span = numbers.get(random.nextInt(numbers.size()));
        return text.substring(0, span[0]) + NUMBERS[random.nextInt(NUMBERS.length)] + text.substring(span[1]);
    }

    private static String inject(String text, Random random, String what) {
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + what + text.substring(at);
    }

    private static String randomText(Random random) {
        char[] alphabet = "<>/&;#=\"' abcz019%:\n\t".toCharArray();
        StringBuilder out = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            out.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return out.toString();
    }

    private static byte[] flipBytes(byte[] bytes, Random random) {
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(bytes.length);
            bytes[at] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : (byte) (bytes[at] ^ (1 << random.nextInt(8)));
        }
        return bytes;
    }
}
