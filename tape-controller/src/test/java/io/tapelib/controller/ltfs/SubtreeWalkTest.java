package io.tapelib.controller.ltfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The walk of the child map alone: pre-order, by fileuid, and never past the subtree it started in. */
class SubtreeWalkTest {

    private static final Instant T = Instant.parse("2026-11-23T00:27:02.041956530Z");

    private final MVStore store = new MVStore.Builder().open();
    private final MVMap<byte[], byte[]> children = store.openMap("children", new MVMap.Builder<byte[], byte[]>()
            .keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));

    @AfterEach
    void close() {
        store.close();
    }

    private void put(long parentNode, long node, IndexEntry entry) {
        children.put(ChildKeys.of(parentNode, entry.fileUid(), entry.name()),
                NodeValues.withNode(node, EntryCodec.encode(entry)));
    }

    private static IndexEntry entry(String path, EntryKind kind, long fileUid) {
        return new IndexEntry(path, kind, 0, 0755, 0, 0, T, T, T, T, null, List.of(), Map.of(), fileUid, false);
    }

    private static List<String> paths(SubtreeWalk walk) {
        List<String> paths = new ArrayList<>();
        walk.forEachRemaining(visit -> paths.add(visit.path()));
        return paths;
    }

    @Test
    void aWalkBelowOneDirectoryGoesDepthFirstByFileUidAndStopsAtItsLastDescendant() {
        // root (0): a (node 1) with a/x (node 2, holding a/x/deep) and a/late; b (node 3, the next node number) with b/y
        put(0, 1, entry("a", EntryKind.DIRECTORY, 10));
        put(0, 3, entry("b", EntryKind.DIRECTORY, 20));
        put(1, NodeValues.NO_NODE, entry("a/late", EntryKind.FILE, Long.MAX_VALUE));
        put(1, 2, entry("a/x", EntryKind.DIRECTORY, -5));
        put(2, NodeValues.NO_NODE, entry("a/x/deep", EntryKind.FILE, 30));
        put(3, NodeValues.NO_NODE, entry("b/y", EntryKind.FILE, 21));

        assertThat(paths(new SubtreeWalk(children, 1, "a"))).containsExactly("a/x", "a/x/deep", "a/late");
        assertThat(paths(new SubtreeWalk(children, 2, "a/x"))).containsExactly("a/x/deep");
        assertThat(paths(new SubtreeWalk(children, NodeValues.ROOT_NODE, "")))
                .containsExactly("a", "a/x", "a/x/deep", "a/late", "b", "b/y");
    }

    @Test
    void aVisitDecodesTheEntryItPassedAndAnEmptyDirectoryHasNone() {
        put(0, 1, entry("a", EntryKind.DIRECTORY, 10));

        SubtreeWalk walk = new SubtreeWalk(children, NodeValues.ROOT_NODE, "");
        assertThat(walk.next().entry()).isEqualTo(entry("a", EntryKind.DIRECTORY, 10));
        assertThat(walk.hasNext()).isFalse();
        assertThatThrownBy(walk::next).isInstanceOf(NoSuchElementException.class);
        assertThat(new SubtreeWalk(children, 1, "a").hasNext()).isFalse();
    }
}
