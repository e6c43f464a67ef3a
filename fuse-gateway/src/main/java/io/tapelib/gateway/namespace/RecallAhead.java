package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.XattrNames;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Recalls asked for ahead of reading (issue 12): {@code setfattr -n user.tapelib.recall -v 1} of a file or of a
 * directory, an O_NONBLOCK open of an offline file, and the {@code user.tapelib.eta} estimate of a queued recall. Each
 * request queues at {@link RecallPriority#BULK} and returns at once; the recall scheduler orders what is queued by
 * cartridge and block, so asking for many files ahead costs one load per cartridge, and a reader that later waits on
 * one of them raises it to {@link RecallPriority#INTERACTIVE} ({@link RecallWaits}).
 */
final class RecallAhead {
    /**
     * The most entries (files and directories) beneath a directory that one {@code user.tapelib.recall} walks: the
     * walk runs on a FUSE thread, and each queued recall holds a part file open in the cache until its bytes arrive.
     */
    static final int DIRECTORY_LIMIT = 4096;

    private static final Logger LOG = Logger.getLogger(RecallAhead.class);
    /** The one value {@code user.tapelib.recall} takes. */
    private static final String QUEUE = "1";

    private final Catalog catalog;
    private final CacheStore cache;
    private final PathResolver paths;
    private final RecallWaits waits;
    private final RecallRequester requester;
    private final int directoryLimit;

    /** @param directoryLimit the most entries beneath a directory one request walks ({@link #DIRECTORY_LIMIT}) */
    RecallAhead(Catalog catalog, CacheStore cache, PathResolver paths, RecallWaits waits, RecallRequester requester,
                int directoryLimit) {
        this.catalog = catalog;
        this.cache = cache;
        this.paths = paths;
        this.waits = waits;
        this.requester = requester;
        this.directoryLimit = directoryLimit;
    }

    /**
     * {@code setxattr(path, "user.tapelib.recall", "1")}: queues a recall of an offline file, or of every offline file
     * beneath a directory, and returns without waiting for tape. A file whose content is in the cache (cached, dirty),
     * an empty file, a symlink or a special file needs nothing: success. A recall already queued or running is left as
     * it is.
     *
     * @throws NamespaceException EINVAL for a value other than "1" (logged once), E2BIG for a directory with more than
     *                            {@link #DIRECTORY_LIMIT} entries beneath it (nothing is queued: ask for its
     *                            subdirectories, or for its files), EFBIG for a file larger than the cache (it can only
     *                            stream through to a reader; beneath a directory such files are skipped), EIO for a
     *                            lost file (its content is on no tape and gone from the cache) or when the recall
     *                            cannot be queued, ENOENT, ENOTDIR
     */
    void request(String path, byte[] value) {
        if (!QUEUE.equals(new String(value, StandardCharsets.UTF_8))) {
            LOG.warnf("setxattr %s on %s refused (EINVAL): the only value is \"1\" (queue a recall), not %s",
                    XattrNames.RECALL, path, printable(value));
            throw new NamespaceException(Errno.EINVAL, XattrNames.RECALL + " takes the value 1, nothing else");
        }
        Inode inode = paths.resolve(path);
        if (inode.isDirectory()) {
            requestBeneath(inode, path);
            return;
        }
        if (inode.isDirty() && cache.isLost(inode.id())) {
            throw new NamespaceException(Errno.EIO, path + " is lost (changed through the mount, never on tape, gone"
                    + " from the cache): there is nothing to recall");
        }
        if (inode.kind() != FileKind.FILE || !waits.needsRecall(inode)) {
            return;
        }
        if (!fitsInTheCache(inode)) {
            LOG.warnf("setxattr %s on %s refused (EFBIG): %d bytes, more than the cache holds (CACHE_MAX_BYTES %d)",
                    XattrNames.RECALL, path, inode.size(), cache.maxBytes());
            throw new NamespaceException(Errno.EFBIG, path + " is larger than the cache can keep: it can only be read"
                    + " as it streams through");
        }
        if (waits.queue(inode, path, RecallPriority.BULK)) {
            LOG.debugf("Recall of %s queued (%d bytes)", path, inode.size());
        }
    }

    /**
     * O_NONBLOCK open of a file: when its content must come from tape, queues its recall and refuses the open with
     * EAGAIN (try again once it is cached); otherwise returns and the open goes on as any other. A file larger than
     * the cache is never refused: it is never cached, its reads stream it through.
     *
     * @throws NamespaceException EAGAIN for an offline or recalling file, EIO when its recall cannot be queued
     */
    void refuseIfOffline(String path) {
        Inode inode = paths.resolve(path);
        // a file larger than the cache is never cached: refusing it would refuse it for ever; its reads stream
        if (inode.kind() == FileKind.FILE && waits.needsRecall(inode) && fitsInTheCache(inode)) {
            waits.queue(inode, path, RecallPriority.BULK);
            throw new NamespaceException(Errno.EAGAIN, path + " is on tape: its recall is queued; open it again when"
                    + " user.tapelib.state says cached (O_NONBLOCK)");
        }
    }

    /**
     * The estimate of a queued or running recall as {@code user.tapelib.eta} shows it: seconds until its first byte,
     * decimal, to a tenth of a second ("73.5", "12"); empty when the scheduler has none (not queued).
     */
    Optional<String> eta(long inode) {
        return requester.eta(inode).map(RecallAhead::seconds);
    }

    /** Seconds as {@code user.tapelib.eta} shows them: tenths, no trailing zeros, never negative. */
    static String seconds(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(Math.max(0, duration.toMillis()), 3).setScale(1, RoundingMode.HALF_UP);
        return seconds.signum() == 0 ? "0" : seconds.stripTrailingZeros().toPlainString();
    }

    /** Walks the tree beneath a directory (bounded) first, then queues its offline files. */
    private void requestBeneath(Inode directory, String path) {
        List<Inode> files = new ArrayList<>();
        Deque<Inode> directories = new ArrayDeque<>(List.of(directory));
        int entries = 0;
        while (!directories.isEmpty()) {
            for (Inode child : catalog.children(directories.pop().id())) {
                if (++entries > directoryLimit) {
                    LOG.warnf("setxattr %s on %s refused (E2BIG): more than %d entries beneath it", XattrNames.RECALL,
                            path, directoryLimit);
                    throw new NamespaceException(Errno.E2BIG, path + " has more than " + directoryLimit + " entries"
                            + " beneath it; nothing was queued: ask for its subdirectories or its files");
                }
                if (child.isDirectory()) {
                    directories.push(child);
                } else if (child.kind() == FileKind.FILE) {
                    files.add(child);
                }
            }
        }
        int queued = 0;
        int tooLarge = 0;
        for (Inode file : files) {
            if (!fitsInTheCache(file)) {
                tooLarge++;
            } else if (waits.queue(file, "inode " + file.id() + " beneath " + path, RecallPriority.BULK)) {
                queued++;
            }
        }
        LOG.infof("Recall of %s: %d offline files queued, %d entries beneath it, %d files skipped as larger than the"
                + " cache", path, queued, entries, tooLarge);
    }

    private boolean fitsInTheCache(Inode inode) {
        return inode.size() <= cache.maxBytes();
    }

    private static String printable(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        boolean plain = value.length <= 32 && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        return plain ? "\"" + text + "\"" : value.length + " bytes";
    }
}
