package io.tapelib.gateway.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tapelib.gateway.posix.Errno;
import io.tapelib.gateway.posix.NamespaceException;
import io.tapelib.gateway.status.GatewayStatus;
import io.tapelib.gateway.tiering.QueuedRecall;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The content of the control directory's generated files, rendered afresh each time (at open, and for the size
 * getattr shows), UTF-8:
 * <ul>
 *   <li>{@code status}: the {@link GatewayStatus} as {@code GET /api/v1/status} answers it (the application's Jackson
 *       mapper, so the same JSON), then a newline;</li>
 *   <li>{@code lost}: the status's lost files, one path a line;</li>
 *   <li>{@code queue}: the recalls not yet done in the order they will run, one a line: path, volume tag, position
 *       ({@code <partition letter>:<logical block>} of the first extent, LTFS Format Specification 2.4, §5: "a" the
 *       index partition, "b" the data partition) and {@code reading} or {@code waiting}, separated by tabs.</li>
 * </ul>
 * In paths a backslash, a tab and a newline are written {@code \\}, {@code \t} and {@code \n}, so that each entry
 * stays one line. Thread-safe when its sources are.
 */
final class ControlFiles {
    private static final Logger LOG = Logger.getLogger(ControlFiles.class);

    private final Supplier<GatewayStatus> status;
    private final ObjectMapper json;
    private final Supplier<List<QueuedRecall>> queue;
    private final LongFunction<Optional<String>> pathOf;

    /**
     * @param status the gateway's status now
     * @param json   the application's JSON mapper (the one the REST API writes with)
     * @param queue  the recalls not yet done, in the order they will run
     * @param pathOf an inode's absolute path at the mount, empty when it is gone
     */
    ControlFiles(Supplier<GatewayStatus> status, ObjectMapper json, Supplier<List<QueuedRecall>> queue,
                 LongFunction<Optional<String>> pathOf) {
        this.status = status;
        this.json = json;
        this.queue = queue;
        this.pathOf = pathOf;
    }

    /**
     * The content of one generated file now.
     *
     * @param kind {@link ControlPath.Kind#STATUS}, {@link ControlPath.Kind#LOST} or {@link ControlPath.Kind#QUEUE}
     * @throws NamespaceException EIO when the status cannot be written as JSON, EISDIR for another kind
     */
    byte[] render(ControlPath.Kind kind) {
        return switch (kind) {
            case STATUS -> statusJson();
            case LOST -> lines(status.get().lostFiles().stream().map(ControlFiles::escaped).toList());
            case QUEUE -> lines(queue.get().stream().map(this::queueLine).toList());
            default -> throw new NamespaceException(Errno.EISDIR, "not a generated file: " + kind);
        };
    }

    private byte[] statusJson() {
        try {
            return (json.writeValueAsString(status.get()) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            LOG.errorf(e, "%s/status: the status cannot be written as JSON; answering EIO", ControlPath.ROOT);
            throw new NamespaceException(Errno.EIO, "status cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private String queueLine(QueuedRecall recall) {
        String path = pathOf.apply(recall.inode()).orElse("inode " + recall.inode());
        return escaped(path) + "\t" + recall.volumeTag() + "\t" + partitionLetter(recall.partition()) + ":"
                + recall.block() + "\t" + (recall.reading() ? "reading" : "waiting");
    }

    /** LTFS partition letters: 0 is "a" (index partition), 1 is "b" (data partition). */
    private static String partitionLetter(int partition) {
        return partition >= 0 && partition < 26 ? String.valueOf((char) ('a' + partition)) : Integer.toString(partition);
    }

    private static byte[] lines(List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String escaped(String path) {
        if (path.indexOf('\\') < 0 && path.indexOf('\n') < 0 && path.indexOf('\t') < 0) {
            return path;
        }
        return path.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
    }
}
