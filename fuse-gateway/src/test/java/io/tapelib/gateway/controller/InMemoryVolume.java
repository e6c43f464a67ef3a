package io.tapelib.gateway.controller;

import static io.tapelib.gateway.controller.InMemoryTapeController.BLOCK_SIZE;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One LTFS volume of {@link InMemoryTapeController}: a data partition of {@link InMemoryTapeController#BLOCK_SIZE}
 * blocks in a byte array (each file whole blocks, as LTFS writes them), the index entries a test put for ReadIndex,
 * the paths its index names as migrations and index changes left them, and its index generation. Not thread-safe:
 * the controller holds its own lock around every use.
 */
final class InMemoryVolume {
    final String volumeTag;
    final long capacityBytes;
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    final List<TapeIndexEntry> index = new ArrayList<>();
    /** The paths the volume's index names (written, and changed by index changes); not what ReadIndex gives. */
    final List<String> paths = new ArrayList<>();
    long generation = 1;
    RuntimeException indexFailure;
    boolean writeProtected;

    /** @param capacityBytes the data partition's size, bytes */
    InMemoryVolume(String volumeTag, long capacityBytes) {
        this.volumeTag = volumeTag;
        this.capacityBytes = capacityBytes;
    }

    /** The volume as the controller describes it (its UUID is {@code uuid-} and its tag). */
    VolumeSummary summary() {
        return new VolumeSummary(volumeTag, VolumeFormat.LTFS, "uuid-" + volumeTag, generation, BLOCK_SIZE,
                capacityBytes, capacityBytes - data.size(), writeProtected);
    }

    /** Whether the data partition has room for another byte. */
    boolean hasRoom() {
        return data.size() < capacityBytes;
    }

    /** Appends bytes to the data partition, padded to whole blocks, and returns the extent naming them. */
    TapeExtent append(byte[] bytes) {
        long block = data.size() / BLOCK_SIZE;
        data.writeBytes(bytes);
        data.writeBytes(new byte[(BLOCK_SIZE - bytes.length % BLOCK_SIZE) % BLOCK_SIZE]);
        return new TapeExtent(1, block, 0, bytes.length, 0);
    }

    /** The bytes the data partition holds at an extent. */
    byte[] read(TapeExtent extent) {
        byte[] bytes = data.toByteArray();
        int from = Math.toIntExact(extent.startBlock() * BLOCK_SIZE + extent.byteOffset());
        return Arrays.copyOfRange(bytes, from, from + Math.toIntExact(extent.byteCount()));
    }

    /**
     * Applies index changes to the paths the index names: a rename or removal of a path it does not name is skipped
     * (the rest apply), a put adds a path not named yet, a link adds its path.
     *
     * @return the changes skipped, by their index in {@code changes}
     */
    List<IndexUpdate.Skipped> apply(List<IndexChange> changes) {
        List<IndexUpdate.Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            IndexChange change = changes.get(i);
            if (change instanceof IndexChange.Rename rename) {
                if (!paths.remove(rename.path())) {
                    skipped.add(new IndexUpdate.Skipped(i, "no entry " + rename.path()));
                } else {
                    String prefix = rename.path() + "/";
                    paths.replaceAll(p -> p.startsWith(prefix) ? rename.to() + "/" + p.substring(prefix.length()) : p);
                    paths.add(rename.to());
                }
            } else if (change instanceof IndexChange.Remove remove) {
                if (!paths.remove(remove.path())) {
                    skipped.add(new IndexUpdate.Skipped(i, "no entry " + remove.path()));
                }
                paths.removeIf(p -> p.startsWith(remove.path() + "/"));
            } else if (change instanceof IndexChange.Put put && !put.path().equals(IndexChange.ROOT_PATH)
                    && !paths.contains(put.path())) {
                paths.add(put.path());
            } else if (change instanceof IndexChange.Link link) {
                paths.add(link.path());
            }
        }
        return skipped;
    }
}
