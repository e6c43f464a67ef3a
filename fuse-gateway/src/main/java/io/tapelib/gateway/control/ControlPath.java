package io.tapelib.gateway.control;

import java.util.Objects;
import java.util.Optional;

/**
 * A path of the mount inside the control directory {@code /.tapelib}, parsed: which of its entries it names.
 *
 * @param kind      what the path names
 * @param volumeTag the cartridge, for {@link Kind#TAPE} and {@link Kind#TAPE_ENTRY}; null otherwise
 * @param tapePath  for {@link Kind#TAPE_ENTRY}: the path within that cartridge's tree, absolute ("/a/b"), which is
 *                  also the entry's path in the merged tree; null otherwise
 */
record ControlPath(Kind kind, String volumeTag, String tapePath) {
    /** The control directory's name in the root of the mount. */
    static final String NAME = ".tapelib";
    /** The control directory's path. */
    static final String ROOT = "/" + NAME;

    /** The entries of the control directory. */
    enum Kind {
        /** {@code /.tapelib} itself. */
        ROOT,
        /** {@code status}: the gateway's status as JSON. */
        STATUS,
        /** {@code lost}: the lost files, one path a line. */
        LOST,
        /** {@code queue}: the recalls not yet done, one a line. */
        QUEUE,
        /** {@code tapes}: one directory per cartridge. */
        TAPES,
        /** {@code tapes/<volume tag>}: a cartridge's own tree. */
        TAPE,
        /** {@code tapes/<volume tag>/...}: an entry of a cartridge's own tree. */
        TAPE_ENTRY,
        /** Any other name in the control directory: it does not exist. */
        MISSING
    }

    ControlPath {
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * The control entry {@code path} names; empty for a path outside {@code /.tapelib} (the merged tree's). Paths are
     * as libfuse gives them: absolute, no trailing slash, no empty or dot components.
     */
    static Optional<ControlPath> parse(String path) {
        if (!path.startsWith(ROOT) || (path.length() > ROOT.length() && path.charAt(ROOT.length()) != '/')) {
            return Optional.empty();
        }
        String rest = path.length() > ROOT.length() + 1 ? path.substring(ROOT.length() + 1) : "";
        if (rest.isEmpty()) {
            return Optional.of(of(Kind.ROOT));
        }
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (slash < 0) {
            return Optional.of(switch (first) {
                case "status" -> of(Kind.STATUS);
                case "lost" -> of(Kind.LOST);
                case "queue" -> of(Kind.QUEUE);
                case "tapes" -> of(Kind.TAPES);
                default -> of(Kind.MISSING);
            });
        }
        if (!"tapes".equals(first)) {
            return Optional.of(of(Kind.MISSING));
        }
        String inTapes = rest.substring(slash + 1);
        int tagEnd = inTapes.indexOf('/');
        if (tagEnd < 0) {
            return Optional.of(new ControlPath(Kind.TAPE, inTapes, null));
        }
        String tapePath = inTapes.substring(tagEnd);
        return Optional.of(tapePath.length() == 1 ? new ControlPath(Kind.TAPE, inTapes.substring(0, tagEnd), null)
                : new ControlPath(Kind.TAPE_ENTRY, inTapes.substring(0, tagEnd), tapePath));
    }

    /** Whether {@code path} is the control directory or inside it. */
    static boolean isControl(String path) {
        return parse(path).isPresent();
    }

    private static ControlPath of(Kind kind) {
        return new ControlPath(kind, null, null);
    }
}
