package io.tapelib.controller.cli;

import io.tapelib.controller.ltfs.DeviceNumbers;
import io.tapelib.controller.ltfs.IndexEntry;
import io.tapelib.controller.ltfs.LtfsVolume;
import io.tapelib.controller.ltfs.ReservedXattrs;
import io.tapelib.controller.ltfs.XattrValue;

import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One entry of the {@code index} command's output, tab-separated: kind, length, mode (octal), uid, gid, mtime,
 * atime, ctime (epoch seconds.nanoseconds), device (major:minor), link group, sha256, user xattrs
 * (key=base64,...), path, symbolic link target; {@code -} for an empty column. The columns are what a test compares
 * with {@code find -printf} and {@code getfattr} at the mount.
 */
final class IndexLine {

    private IndexLine() {
    }

    static String of(IndexEntry entry) {
        return String.join("\t", entry.kind().name(), Long.toString(entry.length()),
                String.format("%04o", entry.mode()), Integer.toString(entry.uid()), Integer.toString(entry.gid()),
                time(entry.modifyTime()), time(entry.accessTime()), time(entry.changeTime()),
                entry.kind().device() ? DeviceNumbers.text(entry.deviceNumber()) : "-",
                entry.linkGroup().isEmpty() ? "-" : entry.linkGroup(),
                entry.xattrText(LtfsVolume.SHA256_XATTR).orElse("-"), xattrs(entry.xattrs()), entry.path(),
                entry.symlinkTarget() == null ? "-" : entry.symlinkTarget());
    }

    private static String time(Instant time) {
        return time == null ? "-" : time.getEpochSecond() + "." + String.format("%09d", time.getNano());
    }

    /** User attributes only: names starting with "ltfs" in any capitalization are the format's (Annex F). */
    private static String xattrs(Map<String, XattrValue> xattrs) {
        StringJoiner joined = new StringJoiner(",");
        new TreeMap<>(xattrs).forEach((key, value) -> {
            if (!ReservedXattrs.reserved(key)) {
                joined.add(encodeKey(key) + "=" + value.base64());
            }
        });
        return joined.length() == 0 ? "-" : joined.toString();
    }

    private static String encodeKey(String key) {
        StringBuilder out = new StringBuilder();
        key.codePoints().forEach(c -> {
            if (c == '%' || c == ',' || c == '=' || Character.isWhitespace(c)) {
                out.append(String.format("%%%02X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
