package io.tapelib.controller.api.grpc;

import io.tapelib.controller.jobs.IndexUpdate;
import io.tapelib.controller.ltfs.AppliedChanges;
import io.tapelib.controller.ltfs.EntryKind;
import io.tapelib.controller.ltfs.FileMetadata;
import io.tapelib.controller.ltfs.IndexChange;
import io.tapelib.controller.ltfs.SkippedChange;
import io.tapelib.controller.ltfs.XattrValue;
import io.tapelib.proto.v1.EntryMetadata;
import io.tapelib.proto.v1.UpdateIndexResult;
import io.tapelib.proto.v1.Xattr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions of index changes between the tapelib.v1 messages and the LTFS layer's {@link IndexChange}. */
final class ChangeMapping {

    private ChangeMapping() {
    }

    /**
     * The changes of a request, in order.
     *
     * @param field the request's field, named in errors (e.g. {@code changes})
     * @throws IllegalArgumentException a change without a path (or a rename without its target, a link without its
     *                                  target), an empty change, or a put without a kind; the message names the field
     */
    static List<IndexChange> changes(String field, List<io.tapelib.proto.v1.IndexChange> changes) {
        List<IndexChange> result = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            result.add(change(field + "[" + i + "]", changes.get(i)));
        }
        return result;
    }

    private static IndexChange change(String field, io.tapelib.proto.v1.IndexChange change) {
        return switch (change.getChangeCase()) {
            case PUT -> new IndexChange.Put(metadata(field + ".put", change.getPut()),
                    xattrs(change.getPut().getXattrsList()));
            case RENAME -> new IndexChange.Rename(required(field + ".rename.from", change.getRename().getFrom()),
                    required(field + ".rename.to", change.getRename().getTo()));
            case REMOVE -> new IndexChange.Remove(required(field + ".remove.path", change.getRemove().getPath()));
            case LINK -> new IndexChange.Link(required(field + ".link.path", change.getLink().getPath()),
                    required(field + ".link.target", change.getLink().getTarget()));
            case CHANGE_NOT_SET -> throw new IllegalArgumentException(field + " is empty (put, rename, remove or link)");
        };
    }

    private static FileMetadata metadata(String field, EntryMetadata put) {
        String path = required(field + ".path", put.getPath());
        EntryKind kind = ProtoMapping.kind(put.getKind())
                .orElseThrow(() -> new IllegalArgumentException(field + ".kind is not set ('" + path + "')"));
        Instant modify = put.hasModifyTime() ? ProtoMapping.instant(put.getModifyTime()) : Instant.now();
        return new FileMetadata(path, kind, put.getMode(), put.getUid(), put.getGid(),
                put.hasCreationTime() ? ProtoMapping.instant(put.getCreationTime()) : modify,
                put.hasChangeTime() ? ProtoMapping.instant(put.getChangeTime()) : modify,
                modify,
                put.hasAccessTime() ? ProtoMapping.instant(put.getAccessTime()) : modify,
                kind == EntryKind.SYMLINK ? put.getSymlinkTarget() : null,
                kind.device() ? put.getDeviceNumber() : 0);
    }

    /** User extended attributes, keys as the index keeps them; a later duplicate key wins. */
    static Map<String, XattrValue> xattrs(List<Xattr> xattrs) {
        Map<String, XattrValue> result = new LinkedHashMap<>();
        for (Xattr xattr : xattrs) {
            result.put(xattr.getKey(), XattrValue.of(xattr.getValue().toByteArray()));
        }
        return result;
    }

    static UpdateIndexResult result(IndexUpdate update) {
        return UpdateIndexResult.newBuilder().setVolume(ProtoMapping.volume(update.volume()))
                .setApplied(update.changes().applied()).addAllSkipped(skipped(update.changes())).build();
    }

    static List<io.tapelib.proto.v1.SkippedChange> skipped(AppliedChanges changes) {
        return changes.skipped().stream().map(ChangeMapping::skipped).toList();
    }

    private static io.tapelib.proto.v1.SkippedChange skipped(SkippedChange skipped) {
        return io.tapelib.proto.v1.SkippedChange.newBuilder().setIndex(skipped.index())
                .setDetail(skipped.detail() == null ? "" : skipped.detail()).build();
    }

    private static String required(String field, String path) {
        if (path.isBlank()) {
            throw new IllegalArgumentException(field + " is empty: every change names a path");
        }
        return path;
    }
}
