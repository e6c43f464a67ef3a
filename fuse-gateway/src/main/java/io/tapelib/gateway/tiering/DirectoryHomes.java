package io.tapelib.gateway.tiering;

import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.VolumeRecord;
import io.tapelib.gateway.catalog.VolumeState;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A directory's home cartridge, from the catalog (a new directory's: its nearest ancestor's on tape, the root
 * excepted, so that a new subtree joins its parent): of the LTFS cartridges whose index names the directory, the one
 * holding most of its entries (counted over its first {@link #SAMPLE} entries when it is on several) that has room
 * for the new ones, ties going to the fuller cartridge (fill the tape being appended to; shared/DESIGN.md section 5).
 * Room is judged from the catalog's remaining bytes of the cartridge (MAM remaining capacity as last reported), with
 * a block of padding per file and room for the index; when it is misjudged the controller answers volume full and
 * the files go on to another cartridge.
 */
final class DirectoryHomes implements Placement {
    /** Ancestors looked at for a new directory's home (deeper trees are new at that depth). */
    static final int MAX_DEPTH = 64;
    /** Entries of a directory on several cartridges looked at to rank them. */
    static final int SAMPLE = 256;
    /** Index bytes assumed per file (an LTFS file element with one extent is well under 1 KiB). */
    static final long INDEX_BYTES_PER_FILE = 1024;
    /** Block size assumed when the catalog knows none (LTFS's default, LTFS Format Specification 2.4, §7.5). */
    private static final long DEFAULT_BLOCK_SIZE = 524_288;

    private final Catalog catalog;
    private final Set<String> avoided;

    /**
     * @param avoided volume tags never chosen (cartridges that refused a batch this run); read at each call; shelved
     *                cartridges (out of the library) are never chosen either
     */
    DirectoryHomes(Catalog catalog, Set<String> avoided) {
        this.catalog = catalog;
        this.avoided = avoided;
    }

    @Override
    public Optional<String> home(long directory, long bytes, int files) {
        long placed = onTape(directory);
        if (placed == Catalog.ROOT_ID && directory != Catalog.ROOT_ID) {
            return Optional.empty(); // a new tree at the top: any cartridge will do
        }
        return home(placed, bytes, files, catalog.copies().currentVolumes(placed));
    }

    /**
     * {@code directory} when a tape holds it, else its nearest ancestor that a tape holds (a new directory's files
     * go with its parent's), else the root.
     */
    private long onTape(long directory) {
        long current = directory;
        for (int depth = 0; depth < MAX_DEPTH && current != Catalog.ROOT_ID && current != 0; depth++) {
            if (!catalog.copies().currentVolumes(current).isEmpty()) {
                return current;
            }
            Optional<Inode> inode = catalog.get(current);
            if (inode.isEmpty()) {
                break;
            }
            current = inode.get().parent();
        }
        return current == 0 ? Catalog.ROOT_ID : current;
    }

    private Optional<String> home(long directory, long bytes, int files, List<String> volumes) {
        List<VolumeRecord> candidates = volumes.stream()
                .filter(tag -> !avoided.contains(tag) && !catalog.shelvedVolumes().isShelved(tag)
                        && !catalog.writeProtectedVolumes().isWriteProtected(tag))
                .flatMap(tag -> catalog.volume(tag).stream())
                .filter(volume -> volume.state() == VolumeState.LTFS && volume.remainingBytes() >= needed(volume, bytes, files))
                .toList();
        if (candidates.size() <= 1) {
            return candidates.stream().findFirst().map(VolumeRecord::volumeTag);
        }
        Map<String, Integer> entries = new HashMap<>();
        for (Inode child : catalog.children(directory).stream().limit(SAMPLE).toList()) {
            catalog.copies().currentVolumes(child.id()).forEach(tag -> entries.merge(tag, 1, Integer::sum));
        }
        return candidates.stream()
                .min(Comparator.comparingInt((VolumeRecord volume) -> -entries.getOrDefault(volume.volumeTag(), 0))
                        .thenComparingLong(VolumeRecord::remainingBytes)
                        .thenComparing(VolumeRecord::volumeTag))
                .map(VolumeRecord::volumeTag);
    }

    /** Bytes a cartridge needs for {@code files} entries of {@code bytes}: content, padding to blocks, index. */
    static long needed(VolumeRecord volume, long bytes, int files) {
        long blockSize = volume.blockSize() > 0 ? volume.blockSize() : DEFAULT_BLOCK_SIZE;
        return bytes + (files + 2L) * blockSize + files * INDEX_BYTES_PER_FILE;
    }
}
