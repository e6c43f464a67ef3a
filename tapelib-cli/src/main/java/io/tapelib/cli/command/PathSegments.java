package io.tapelib.cli.command;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A value put into a URL's path (a volume tag) percent-encoded, so that "/" or "?" in it cannot change the path. */
final class PathSegments {
    private PathSegments() {
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
