package io.tapelib.gateway.tiering;

import java.util.Objects;

/**
 * One file the recall scheduler has not finished, as {@code MOUNT/.tapelib/queue} lists it.
 *
 * @param inode     the file
 * @param volumeTag the cartridge it is read from
 * @param partition LTFS partition of its first extent (0 = index partition "a", 1 = data partition "b"; LTFS Format
 *                  Specification 2.4, §5)
 * @param block     logical block where its first extent starts on that partition
 * @param reading   whether its cartridge's batch is being read now (otherwise it waits for a drive)
 */
public record QueuedRecall(long inode, String volumeTag, int partition, long block, boolean reading) {
    public QueuedRecall {
        Objects.requireNonNull(volumeTag, "volumeTag");
    }

    static QueuedRecall of(RecallRequest request, boolean reading) {
        return new QueuedRecall(request.inode(), request.volumeTag(), request.partition(), request.block(), reading);
    }
}
