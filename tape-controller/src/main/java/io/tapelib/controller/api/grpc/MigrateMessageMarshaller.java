package io.tapelib.controller.api.grpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.tapelib.proto.v1.MigrateMessage;
import io.tapelib.proto.v1.TapeControllerGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Parses the Migrate call's incoming messages with one copy of their bytes instead of two: the message is read once
 * into an array of its own and its data field keeps pointing into that array (protobuf aliasing), where grpc-java's
 * default marshaller reads it into a reused array and then copies the data field out of it. The array is never written
 * again, so the message may outlive the call. Why: a migration moves every byte of a batch through here (issue 12).
 * Outgoing messages, and incoming ones whose length the stream does not tell, take the default marshaller's way.
 */
final class MigrateMessageMarshaller implements MethodDescriptor.Marshaller<MigrateMessage> {

    /** The generated method's marshaller: for sending, and for a stream of unknown length. */
    private final MethodDescriptor.Marshaller<MigrateMessage> standard;

    private MigrateMessageMarshaller(MethodDescriptor.Marshaller<MigrateMessage> standard) {
        this.standard = standard;
    }

    /**
     * The service's definition with this marshaller for the Migrate method's requests; every other method unchanged.
     */
    static ServerServiceDefinition aliasMigrate(ServerServiceDefinition definition) {
        // grpc-java checks that each bound method is the very descriptor its service descriptor lists: both are rebuilt
        String migrate = TapeControllerGrpc.getMigrateMethod().getFullMethodName();
        List<ServerMethodDefinition<?, ?>> methods = definition.getMethods().stream()
                .<ServerMethodDefinition<?, ?>>map(method -> method.getMethodDescriptor().getFullMethodName()
                        .equals(migrate) ? withAliasing(method) : method)
                .toList();
        ServiceDescriptor service = definition.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(service.getName())
                .setSchemaDescriptor(service.getSchemaDescriptor());
        methods.forEach(method -> descriptor.addMethod(method.getMethodDescriptor()));
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(builder::addMethod);
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static <R> ServerMethodDefinition<MigrateMessage, R> withAliasing(ServerMethodDefinition<?, R> method) {
        ServerMethodDefinition<MigrateMessage, R> migrate = (ServerMethodDefinition<MigrateMessage, R>) method;
        MethodDescriptor<MigrateMessage, R> descriptor = migrate.getMethodDescriptor();
        return ServerMethodDefinition.create(descriptor.toBuilder()
                .setRequestMarshaller(new MigrateMessageMarshaller(descriptor.getRequestMarshaller())).build(),
                migrate.getServerCallHandler());
    }

    @Override
    public InputStream stream(MigrateMessage value) {
        return standard.stream(value);
    }

    /**
     * @throws io.grpc.StatusRuntimeException INTERNAL when the bytes are not a MigrateMessage or cannot be read
     */
    @Override
    public MigrateMessage parse(InputStream stream) {
        if (!(stream instanceof KnownLength)) {
            return standard.parse(stream);
        }
        try {
            int size = stream.available();
            byte[] bytes = new byte[size];
            int read = stream.readNBytes(bytes, 0, size);
            if (read != size || stream.read() != -1) {
                throw new IOException("the message's length changed while it was read: " + size + " announced");
            }
            CodedInputStream input = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
            input.enableAliasing(true);
            MigrateMessage message = MigrateMessage.parser().parseFrom(input);
            input.checkLastTagWas(0);
            return message;
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(e).asRuntimeException();
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("reading a Migrate message failed: " + e.getMessage()).withCause(e)
                    .asRuntimeException();
        }
    }
}
