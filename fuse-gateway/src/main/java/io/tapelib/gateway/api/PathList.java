package io.tapelib.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The bounds of a request's list of paths (docs/operator-api.md): 1 to 100,000 absolute paths of at most 4096 bytes. */
final class PathList {
    private PathList() {
    }

    /**
     * @return the paths, unchanged
     * @throws InvalidFieldException naming {@code paths} or {@code paths[i]} for a missing or oversized list, or an
     *                               item that is null, empty, not absolute or too long
     */
    static List<String> check(List<String> paths) {
        if (paths == null) {
            throw new InvalidFieldException("paths", "paths is required: an array of absolute paths as at the mount");
        }
        if (paths.size() > RequestParams.MAX_PATHS) {
            throw new InvalidFieldException("paths", "paths holds " + paths.size() + " items; at most "
                    + RequestParams.MAX_PATHS);
        }
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            String field = "paths[" + i + "]";
            if (path == null || !path.startsWith("/")) {
                throw new InvalidFieldException(field, field + " must be an absolute path as at the mount, was "
                        + InvalidFieldException.echo(path));
            }
            if (path.getBytes(StandardCharsets.UTF_8).length > RequestParams.MAX_PATH_BYTES) {
                throw new InvalidFieldException(field, field + " is longer than " + RequestParams.MAX_PATH_BYTES
                        + " bytes");
            }
        }
        return paths;
    }
}
