package io.tapelib.controller.ltfs;

import java.io.ByteArrayInputStream;

/**
 * The property every fuzzed or mutated index must satisfy: the reader either succeeds, handing out entries that keep
 * its promises (root first with fileuid 1, parents before children, extents sorted, not overlapping and within the
 * length), or throws one of its two typed exceptions naming the source. Anything else is an {@link AssertionError}.
 */
final class IndexParseProperty {

    static final String SOURCE = "FUZZ0001 partition b block 42";

    enum Outcome { PARSED, MALFORMED, UNSUPPORTED }

    private IndexParseProperty() {
    }

    static Outcome check(byte[] xml) {
        try {
            IndexXmlReader.read(new ByteArrayInputStream(xml), SOURCE, new CheckingVisitor());
            return Outcome.PARSED;
        } catch (MalformedIndexException e) {
            requireSource(e);
            return Outcome.MALFORMED;
        } catch (UnsupportedLtfsVersionException e) {
            requireSource(e);
            return Outcome.UNSUPPORTED;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError("the index reader let " + e + " escape for input:\n" + preview(xml), e);
        }
    }

    private static void requireSource(LtfsException e) {
        if (!e.getMessage().startsWith(SOURCE + ": ")) {
            throw new AssertionError("typed error does not name the source: " + e.getMessage(), e);
        }
    }

    private static String preview(byte[] xml) {
        String text = new String(xml, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }

    /** Checks the reader's promises on every entry it hands out. */
    private static final class CheckingVisitor implements IndexVisitor {
        private final java.util.Set<String> directories = new java.util.HashSet<>();
        private boolean sawHeader;

        @Override
        public void header(IndexHeader header) {
            require(!sawHeader, "header handed out twice");
            sawHeader = true;
            require(header.volumeUuid() != null && header.location() != null && header.updateTime() != null,
                    "incomplete header " + header);
        }

        @Override
        public void entry(IndexEntry entry) {
            require(sawHeader, "entry before the header");
            if (entry.path().isEmpty()) {
                require(directories.isEmpty(), "a second root");
                require(entry.fileUid() == 1, "root fileuid " + entry.fileUid());
            } else {
                require(directories.contains(entry.parentPath()), "'" + entry.path() + "' before its parent");
                require(entry.fileUid() > 1, "fileuid " + entry.fileUid());
                String name = entry.name();
                require(!name.isEmpty() && !name.equals(".") && !name.equals("..") && !name.contains("/"),
                        "bad name '" + name + "'");
            }
            if (entry.kind() == EntryKind.DIRECTORY) {
                directories.add(entry.path());
            }
            long end = 0;
            for (Extent extent : entry.extents()) {
                require(extent.fileOffset() >= end, "extents unsorted or overlapping in " + entry);
                require(extent.byteCount() >= 0 && extent.startBlock() >= 0 && extent.byteOffset() >= 0,
                        "negative extent field in " + entry);
                end = extent.fileOffset() + extent.byteCount();
            }
            require(end <= entry.length(), "extents beyond the length in " + entry);
            require(entry.kind() != EntryKind.SYMLINK || entry.extents().isEmpty(), "symlink with extents");
        }

        private static void require(boolean condition, String problem) {
            if (!condition) {
                throw new AssertionError(problem);
            }
        }
    }
}
