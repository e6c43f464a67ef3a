package io.tapelib.gateway.namespace;

import io.tapelib.gateway.cache.CacheStore;
import io.tapelib.gateway.catalog.Catalog;
import io.tapelib.gateway.catalog.ExtendedAttribute;
import io.tapelib.gateway.catalog.ExtentRecord;
import io.tapelib.gateway.catalog.Inode;
import io.tapelib.gateway.catalog.XattrNames;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.FileKind;
import io.tapelib.gateway.posix.NamespaceException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.tapelib.gateway.namespace.CatalogNamespace.ETA_XATTR;
import static io.tapelib.gateway.namespace.CatalogNamespace.SHA256_XATTR;
import static io.tapelib.gateway.namespace.CatalogNamespace.START_BLOCK_XATTR;
import static io.tapelib.gateway.namespace.CatalogNamespace.STATE_XATTR;
import static io.tapelib.gateway.namespace.CatalogNamespace.TAPES_XATTR;
import static io.tapelib.gateway.namespace.NamespaceCall.call;

/**
 * Extended attributes: the users' own, kept in the catalog; this service's read-only report of where a file's
 * content is ({@link CatalogNamespace#STATE_XATTR} and its siblings, {@link CatalogNamespace#ETA_XATTR}), derived
 * from the catalog, the cache and the recall scheduler; and its write-only request {@link XattrNames#RECALL}, which
 * {@link RecallAhead} serves. {@link XattrNames} says whose a name is.
 */
final class ExtendedAttributes {
    /** Linux XATTR_SIZE_MAX (include/uapi/linux/limits.h); LTFS sets no limit. */
    static final int MAX_VALUE_BYTES = 65_536;
    /** Linux XATTR_NAME_MAX. */
    static final int MAX_NAME_BYTES = 255;

    private final Catalog catalog;
    private final CacheStore cache;
    private final PathResolver paths;
    private final Clock clock;
    private final DirtyJournaling journal;
    private final RecallAhead recallAhead;

    ExtendedAttributes(Catalog catalog, CacheStore cache, PathResolver paths, Clock clock, DirtyJournaling journal,
                       RecallAhead recallAhead) {
        this.catalog = catalog;
        this.cache = cache;
        this.paths = paths;
        this.journal = journal;
        this.clock = clock;
        this.recallAhead = recallAhead;
    }

    /**
     * See {@link Namespace#setxattr}. {@link XattrNames#RECALL} is a request, never stored: the flags do not apply
     * to it.
     */
    void set(String path, String name, byte[] value, boolean mustNotExist, boolean mustExist) {
        NamespaceCall.run("setxattr", path, () -> {
            if (XattrNames.isServiceRequest(name)) {
                recallAhead.request(path, value);
                return;
            }
            checkUserName(name);
            if (value.length > MAX_VALUE_BYTES) {
                throw new NamespaceException(Errno.E2BIG, "value of " + name + " is " + value.length
                        + " bytes, more than " + MAX_VALUE_BYTES);
            }
            Inode inode = paths.resolve(path);
            // a dirty entry's journal carries its attributes: a lost catalog must not lose them
            journal.refresh(catalog.xattrChanges().set(inode.id(), name, value.clone(), mustNotExist, mustExist,
                    clock.instant()));
        });
    }

    /** See {@link Namespace#removexattr}. */
    void remove(String path, String name) {
        NamespaceCall.run("removexattr", path, () -> {
            if (XattrNames.isServiceReport(name)) {
                // This service's report is computed, never stored: removing it succeeds and it reads the same after,
                // so that `rsync -aX` into the mount (which removes target attributes its source lacks) exits 0.
                paths.resolve(path);
                return;
            }
            if (XattrNames.isServiceRequest(name)) {
                paths.resolve(path);
                throw new NamespaceException(Errno.ENODATA, name + " is a request, never stored: nothing to remove");
            }
            checkUserName(name);
            Inode inode = paths.resolve(path);
            journal.refresh(catalog.xattrChanges().remove(inode.id(), name, clock.instant()));
        });
    }

    /** Only {@code user.*} names are kept; the service's and the format's ({@link XattrNames}) are read-only. */
    private static void checkUserName(String name) {
        if (!XattrNames.isInUserNamespace(name)) {
            throw new NamespaceException(Errno.ENOTSUP, "only user.* attributes are kept: " + name);
        }
        if (XattrNames.isService(name) || XattrNames.isFormatReserved(name)) {
            throw new NamespaceException(Errno.EPERM, "read-only attribute: " + name);
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == XattrNames.USER_PREFIX.length()) {
            throw new NamespaceException(Errno.EINVAL, "empty attribute name after user.");
        }
        if (bytes > MAX_NAME_BYTES) {
            throw new NamespaceException(Errno.ERANGE, "attribute name longer than " + MAX_NAME_BYTES + " bytes");
        }
    }

    /** See {@link Namespace#getxattr}. */
    byte[] get(String path, String name) {
        return call("getxattr", path, () -> {
            Inode inode = paths.resolve(path);
            Optional<byte[]> own = serviceAttribute(inode, name);
            if (own.isPresent()) {
                return own.get();
            }
            if (XattrNames.isService(name) || !XattrNames.isInUserNamespace(name)) {
                // the service's names are never the catalog's, even when a foreign tape's index holds one; a name
                // outside user. is never stored (checkUserName, and an index's names all go into user.)
                throw new NamespaceException(Errno.ENODATA, "no attribute " + name + " on " + path);
            }
            for (ExtendedAttribute attribute : catalog.xattrs(inode.id())) {
                if (attribute.name().equals(name)) {
                    return attribute.value().clone();
                }
            }
            throw new NamespaceException(Errno.ENODATA, "no attribute " + name + " on " + path);
        });
    }

    /** See {@link Namespace#listxattr}. */
    List<String> list(String path) {
        return call("listxattr", path, () -> {
            Inode inode = paths.resolve(path);
            List<String> names = new ArrayList<>();
            for (String name : List.of(STATE_XATTR, TAPES_XATTR, START_BLOCK_XATTR, SHA256_XATTR, ETA_XATTR)) {
                if (serviceAttribute(inode, name).isPresent()) {
                    names.add(name);
                }
            }
            for (ExtendedAttribute attribute : catalog.xattrs(inode.id())) {
                if (!XattrNames.isService(attribute.name()) && !names.contains(attribute.name())) {
                    names.add(attribute.name());
                }
            }
            return names;
        });
    }

    /** The value of one of this service's own attributes, or empty when it does not apply to the inode. */
    private Optional<byte[]> serviceAttribute(Inode inode, String name) {
        String value = switch (name) {
            case STATE_XATTR -> inode.isDirectory() ? null : state(inode);
            case TAPES_XATTR -> {
                List<String> tapes = catalog.copies().currentVolumes(inode.id());
                yield tapes.isEmpty() ? null : String.join(",", tapes);
            }
            case START_BLOCK_XATTR -> {
                List<ExtentRecord> extents = inode.isDirectory() ? List.of()
                        : catalog.copies().currentExtents(inode.id());
                yield extents.isEmpty() ? null : Long.toString(extents.get(0).startBlock());
            }
            case SHA256_XATTR -> catalog.copies().sha256(inode.id()).orElse(null);
            case ETA_XATTR -> inode.isDirectory() ? null : eta(inode);
            default -> null;
        };
        return Optional.ofNullable(value).map(text -> text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@link CatalogNamespace#ETA_XATTR}: "0" when the content is here (cached, dirty), the scheduler's estimate while
     * a recall is queued or running, null (absent) for an offline file nobody asked for, a lost one, or when the
     * scheduler has no estimate.
     */
    private String eta(Inode inode) {
        return switch (state(inode)) {
            case "cached", "dirty" -> "0";
            case "recalling" -> recallAhead.eta(inode.id()).orElse(null);
            default -> null;
        };
    }

    private String state(Inode inode) {
        if (inode.isDirty()) {
            return cache.isLost(inode.id()) ? "lost" : "dirty";
        }
        if (inode.kind() == FileKind.SYMLINK || inode.size() == 0 || cache.isPresent(inode.id())) {
            return "cached";
        }
        if (!catalog.shelvedVolumes().none()
                && catalog.shelvedVolumes().allShelved(catalog.copies().currentVolumes(inode.id()))) {
            return "shelved";   // every current copy is out of the library: a read asks for an import (issue 13)
        }
        return cache.isRecalling(inode.id()) ? "recalling" : "offline";
    }
}
