package io.tapelib.controller.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.tapelib.proto.v1.IndexEntry;
import io.tapelib.proto.v1.IndexMessage;
import io.tapelib.proto.v1.Xattr;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexBatchesTest {

    @Test
    void groupsEntriesInOrderAndSendsTheRestAtTheEnd() {
        List<IndexMessage> sent = new ArrayList<>();
        IndexBatches batches = new IndexBatches(sent::add);
        int count = IndexBatches.MAX_ENTRIES * 2 + 3;
        for (int i = 0; i < count; i++) {
            batches.add(IndexEntry.newBuilder().setPath("d/f" + i).build());
        }
        assertThat(sent).hasSize(2);
        batches.flush();
        batches.flush();

        assertThat(sent).hasSize(3).allSatisfy(m -> assertThat(m.hasEntries()).isTrue());
        assertThat(sent.get(2).getEntries().getEntriesCount()).isEqualTo(3);
        assertThat(sent.stream().flatMap(m -> m.getEntries().getEntriesList().stream()).map(IndexEntry::getPath))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, count).mapToObj(i -> "d/f" + i).toList());
    }

    @Test
    void keepsEachMessageNearItsByteBoundWhateverTheEntries() {
        List<IndexMessage> sent = new ArrayList<>();
        IndexBatches batches = new IndexBatches(sent::add);
        ByteString value = ByteString.copyFrom(new byte[60 * 1024]);
        for (int i = 0; i < 20; i++) {
            batches.add(IndexEntry.newBuilder().setPath("big" + i)
                    .addXattrs(Xattr.newBuilder().setKey("k").setValue(value)).build());
        }
        batches.flush();

        assertThat(sent).hasSize(4).allSatisfy(m ->
                assertThat(m.getSerializedSize()).isLessThan(IndexBatches.MAX_BYTES + 64 * 1024));
    }
}
