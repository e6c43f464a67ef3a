package io.tapelib.controller.ltfs;

import io.tapelib.controller.device.EndOfMediumException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Records one file on a writable volume: checks the path and the room left, appends the data ({@link FileDataWriter})
 * and names it in the directory tree ({@link NamespaceEditor}). Behind
 * {@link LtfsVolume#writeFile(FileMetadata, Map, InputStream, long)}, which documents the errors thrown.
 */
final class FileWrites {

    private final String driveName;
    private final String volumeTag;
    private final FileDataWriter fileData;
    private final NamespaceEditor namespace;
    private final VolumeIndexWriter indexes;

    FileWrites(String driveName, String volumeTag, FileDataWriter fileData, NamespaceEditor namespace,
               VolumeIndexWriter indexes) {
        this.driveName = driveName;
        this.volumeTag = volumeTag;
        this.fileData = fileData;
        this.namespace = namespace;
        this.indexes = indexes;
    }

    /** @param remainingBytes what the volume still takes for files, bytes ({@link LtfsVolume#remainingBytes()}); asked after the path checks */
    WrittenFile write(FileMetadata metadata, Map<String, XattrValue> xattrs, InputStream data, long length,
                      LongSupplier remainingBytes) {
        String path = LtfsPaths.normalize(metadata.path());
        namespace.checkReplaceable(path, EntryKind.FILE);
        if (length < 0) {
            throw new LtfsException("negative file length " + length + " for '" + path + "'");
        }
        long remaining = remainingBytes.getAsLong();
        if (length > remaining) {
            throw new EndOfMediumException(driveName, volumeTag + ": file '" + path + "' of " + length
                    + " bytes does not fit: " + remaining + " bytes remain for files on the data partition");
        }
        FileDataWriter.Appended appended;
        try {
            appended = fileData.append(path, data, length, indexes.dataEod());
        } catch (RuntimeException e) {
            // blocks of the abandoned file may follow the last index: the next index (at the latest the one at unmount)
            // is written over them, so the data partition ends with an index again
            indexes.markChanged();
            throw e;
        }
        indexes.dataAppended(appended.dataEod());
        String hash = appended.sha256Hex();
        Map<String, XattrValue> allXattrs = ReservedXattrs.userOnly(xattrs);
        allXattrs.put(LtfsVolume.SHA256_XATTR, XattrValue.ofText(hash));
        IndexEntry entry = namespace.putFile(path, metadata, length, appended.extents(), allXattrs);
        indexes.markChanged();
        return new WrittenFile(entry, hash);
    }
}
