package io.tapelib.gateway.controller;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.tapelib.proto.v1.RecallMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Recall's response messages without copying their data (issue 12: recalled bytes were copied three times on
 * their way from the socket to the cache file: out of Netty's buffers by grpc's protobuf marshaller, into the
 * message's own array by the parser, and into a temporary direct buffer by {@code FileChannel.write}). Uses
 * grpc-java's zero-copy hooks ({@link Detachable}, {@link HasByteBuffer}): the message's bytes stay in the Netty
 * buffers they arrived in, the parsed {@code data} field is a {@link ByteString} over those buffers
 * ({@link CodedInputStream#enableAliasing}), and the buffers go back to Netty when the {@link Received} is closed.
 * When the stream offers no buffers (another transport), the message is parsed as grpc does by default.
 */
final class RecallMessages implements MethodDescriptor.Marshaller<RecallMessages.Received> {
    private static final MethodDescriptor.Marshaller<RecallMessage> DEFAULT =
            ProtoUtils.marshaller(RecallMessage.getDefaultInstance());

    /**
     * One parsed message and the buffers its bytes may still live in.
     *
     * @param message  the message; its {@code data} is valid only until {@link #close}
     * @param retained the stream holding the Netty buffers, or null when the message owns its bytes
     */
    record Received(RecallMessage message, InputStream retained) implements AutoCloseable {
        /** Gives the message's buffers back; its data must not be read afterwards. */
        @Override
        public void close() {
            if (retained != null) {
                try {
                    retained.close();
                } catch (IOException e) {
                    // releasing pooled buffers does not fail; nothing to do if it did
                }
            }
        }
    }

    /** Recall's method descriptor with this marshaller for its responses. */
    static MethodDescriptor<io.tapelib.proto.v1.RecallRequest, Received> method(
            MethodDescriptor<io.tapelib.proto.v1.RecallRequest, RecallMessage> generated) {
        return generated.toBuilder(generated.getRequestMarshaller(), new RecallMessages()).build();
    }

    @Override
    public InputStream stream(Received value) {
        return DEFAULT.stream(value.message());
    }

    @Override
    public Received parse(InputStream stream) {
        if (!(stream instanceof Detachable detachable) || !(stream instanceof HasByteBuffer offered)
                || !offered.byteBufferSupported() || !(stream instanceof KnownLength) || !stream.markSupported()) {
            return new Received(DEFAULT.parse(stream), null);
        }
        InputStream detached = detachable.detach();
        try {
            // mark/reset: skipping over a buffer would otherwise release it to Netty's pool while we alias it
            detached.mark(Integer.MAX_VALUE);
            List<ByteString> pieces = new ArrayList<>();
            while (detached.available() > 0) {
                ByteBuffer buffer = ((HasByteBuffer) detached).getByteBuffer();
                if (buffer == null) {
                    break;
                }
                int length = buffer.remaining();
                pieces.add(UnsafeByteOperations.unsafeWrap(buffer));
                if (detached.skip(length) != length) {
                    throw new IOException("the message's stream skipped fewer bytes than its buffer held");
                }
            }
            detached.reset();
            CodedInputStream input = ByteString.copyFrom(pieces).newCodedInput();
            input.enableAliasing(true);
            input.setSizeLimit(Integer.MAX_VALUE);
            return new Received(RecallMessage.parseFrom(input), detached);
        } catch (InvalidProtocolBufferException e) {
            closeQuietly(detached);
            throw Status.INTERNAL.withDescription("invalid Recall message").withCause(e).asRuntimeException();
        } catch (IOException | RuntimeException e) {
            closeQuietly(detached);
            throw Status.INTERNAL.withDescription("cannot read a Recall message: " + e.getMessage()).withCause(e)
                    .asRuntimeException();
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // see Received.close
        }
    }
}
