package io.tapelib.controller.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.tapelib.proto.v1.FileEnd;
import io.tapelib.proto.v1.MigrateMessage;
import io.tapelib.proto.v1.TapeControllerGrpc;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MigrateMessageMarshallerTest {

    private final ServerServiceDefinition generated = new TapeControllerGrpc.TapeControllerImplBase() {
    }.bindService();
    private final ServerServiceDefinition aliased = MigrateMessageMarshaller.aliasMigrate(generated);

    @Test
    void onlyMigrateGetsTheMarshallerAndEveryMethodStaysBound() {
        assertThat(aliased.getMethods()).hasSameSizeAs(generated.getMethods());
        for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
            String name = method.getMethodDescriptor().getFullMethodName();
            ServerMethodDefinition<?, ?> bound = aliased.getMethod(name);
            assertThat(bound.getServerCallHandler()).isSameAs(method.getServerCallHandler());
            if (name.equals(TapeControllerGrpc.getMigrateMethod().getFullMethodName())) {
                assertThat(bound.getMethodDescriptor().getRequestMarshaller()).isInstanceOf(MigrateMessageMarshaller.class);
            } else {
                assertThat(bound.getMethodDescriptor()).isSameAs(method.getMethodDescriptor());
            }
        }
        assertThat(aliased.getServiceDescriptor().getName()).isEqualTo(generated.getServiceDescriptor().getName());
    }

    @Test
    void dataAndOtherMessagesReadBackEqualFromStreamsOfKnownAndUnknownLength() {
        byte[] data = new byte[64 * 1024];
        new Random(12).nextBytes(data);
        MigrateMessage chunk = MigrateMessage.newBuilder().setData(ByteString.copyFrom(data)).build();
        MigrateMessage end = MigrateMessage.newBuilder().setFileEnd(FileEnd.newBuilder().setFileId(7)).build();
        for (MigrateMessage message : new MigrateMessage[] {chunk, end, MigrateMessage.getDefaultInstance()}) {
            byte[] wire = message.toByteArray();
            assertThat(marshaller().parse(new KnownLengthStream(wire))).isEqualTo(message);
            assertThat(marshaller().parse(new ByteArrayInputStream(wire) {
                @Override
                public synchronized int available() {
                    return 0;   // a stream that does not tell its length
                }
            })).isEqualTo(message);
        }
    }

    @Test
    void bytesThatAreNoMigrateMessageAreAnInternalError() {
        assertThatThrownBy(() -> marshaller().parse(new KnownLengthStream(new byte[] {(byte) 0x0a, (byte) 0xff})))
                .isInstanceOf(StatusRuntimeException.class).hasMessageStartingWith("INTERNAL");
    }

    @SuppressWarnings("unchecked")
    private MethodDescriptor.Marshaller<MigrateMessage> marshaller() {
        return (MethodDescriptor.Marshaller<MigrateMessage>) aliased
                .getMethod(TapeControllerGrpc.getMigrateMethod().getFullMethodName())
                .getMethodDescriptor().getRequestMarshaller();
    }

    /** What grpc-java's transport hands the marshaller: a stream that knows its length. */
    private static final class KnownLengthStream extends ByteArrayInputStream implements KnownLength {
        KnownLengthStream(byte[] bytes) {
            super(bytes);
        }
    }
}
