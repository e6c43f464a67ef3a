package io.tapelib.controller.drive.st;

import jnr.constants.platform.Errno;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A recording fake of the kernel boundary: records every call as the words an operator would use ("MTSEEK 42",
 * "MTIOCGET", "write 100") and answers from a script. The ioctl request codes are checked against the literal values
 * of linux/mtio.h on LP64 Linux (x86_64, aarch64), independently of {@link MtioRequests}.
 */
final class FakeStDevice implements StDeviceCalls {

    static final long MTIOCTOP = 0x40086d01L;
    static final long MTIOCGET = 0x80306d02L;
    static final long MTIOCPOS = 0x80086d03L;
    static final int FD = 7;

    private static final Map<Short, String> OPERATIONS = Map.ofEntries(
            Map.entry(Mtio.MTFSF, "MTFSF"), Map.entry(Mtio.MTBSF, "MTBSF"), Map.entry(Mtio.MTWEOF, "MTWEOF"),
            Map.entry(Mtio.MTREW, "MTREW"), Map.entry(Mtio.MTOFFL, "MTOFFL"), Map.entry(Mtio.MTEOM, "MTEOM"),
            Map.entry(Mtio.MTSETBLK, "MTSETBLK"), Map.entry(Mtio.MTSEEK, "MTSEEK"),
            Map.entry(Mtio.MTSETDRVBUFFER, "MTSETDRVBUFFER"), Map.entry(Mtio.MTLOAD, "MTLOAD"),
            Map.entry(Mtio.MTUNLOAD, "MTUNLOAD"), Map.entry(Mtio.MTSETPART, "MTSETPART"),
            Map.entry(Mtio.MTMKPART, "MTMKPART"));

    final List<String> calls = new ArrayList<>();
    private final Runtime runtime = Runtime.getSystemRuntime();
    /** What MTIOCGET answers; the last one stays. */
    private final Deque<MtStatus> statuses = new ArrayDeque<>();
    /** What MTIOCPOS answers; the last one stays. */
    private final Deque<Long> positions = new ArrayDeque<>();
    /** Results of MTIOCTOP by operation name, consumed in order; 0 when none is scripted. */
    private final Map<String, Deque<Integer>> operationResults = new HashMap<>();
    private final Deque<Integer> openResults = new ArrayDeque<>();
    private final Deque<Integer> readResults = new ArrayDeque<>();
    private final Deque<Integer> writeResults = new ArrayDeque<>();

    static MtStatus online(int partition) {
        return new MtStatus(0x72, partition, 0x58L << 24, Mtio.GMT_ONLINE | Mtio.GMT_IM_REP_EN, 0, 0, 0);
    }

    static MtStatus online(int partition, long extraBits) {
        MtStatus base = online(partition);
        return new MtStatus(base.type(), base.resid(), base.dsreg(), base.gstat() | extraBits, 0, -1, -1);
    }

    static MtStatus noCartridge() {
        return new MtStatus(0x72, 0, 0, Mtio.GMT_DR_OPEN | Mtio.GMT_IM_REP_EN, 0, -1, -1);
    }

    static int error(Errno errno) {
        return -errno.intValue();
    }

    FakeStDevice status(MtStatus... answers) {
        statuses.clear();
        statuses.addAll(List.of(answers));
        return this;
    }

    FakeStDevice positions(long... answers) {
        positions.clear();
        for (long answer : answers) {
            positions.add(answer);
        }
        return this;
    }

    FakeStDevice operation(String name, int... results) {
        Deque<Integer> queue = operationResults.computeIfAbsent(name, k -> new ArrayDeque<>());
        for (int result : results) {
            queue.add(result);
        }
        return this;
    }

    FakeStDevice opens(int... results) {
        for (int result : results) {
            openResults.add(result);
        }
        return this;
    }

    FakeStDevice reads(int... results) {
        for (int result : results) {
            readResults.add(result);
        }
        return this;
    }

    FakeStDevice writes(int... results) {
        for (int result : results) {
            writeResults.add(result);
        }
        return this;
    }

    /** Forgets the calls recorded so far (those of opening the drive). */
    FakeStDevice clearCalls() {
        calls.clear();
        return this;
    }

    @Override
    public Runtime runtime() {
        return runtime;
    }

    @Override
    public int open(String path, int flags) {
        calls.add("open " + path + " 0x" + Integer.toHexString(flags));
        return openResults.isEmpty() ? FD : openResults.poll();
    }

    @Override
    public int close(int fd) {
        calls.add("close " + fd);
        return 0;
    }

    @Override
    public int read(int fd, byte[] buffer, int length) {
        calls.add("read " + length);
        int result = readResults.isEmpty() ? 0 : readResults.poll();
        for (int i = 0; i < result; i++) {
            buffer[i] = (byte) ('a' + i % 26);
        }
        return result;
    }

    @Override
    public int write(int fd, byte[] data, int offset, int length) {
        calls.add("write " + length);
        return writeResults.isEmpty() ? length : writeResults.poll();
    }

    @Override
    public int ioctl(int fd, long request, Pointer argument) {
        if (request == MTIOCTOP) {
            MtOp op = new MtOp(runtime);
            op.useMemory(argument);
            String name = OPERATIONS.getOrDefault(op.op.get(), "MT#" + op.op.get());
            int count = op.count.get();
            calls.add(name + " " + (name.equals("MTSETDRVBUFFER") ? "0x" + Integer.toHexString(count) : count));
            Deque<Integer> results = operationResults.get(name);
            return results == null || results.isEmpty() ? 0 : results.poll();
        }
        if (request == MTIOCGET) {
            calls.add("MTIOCGET");
            MtStatus answer = statuses.size() > 1 ? statuses.poll() : statuses.peek();
            MtGet get = new MtGet(runtime);
            get.useMemory(argument);
            get.type.set(answer.type());
            get.resid.set(answer.resid());
            get.dsreg.set(answer.dsreg());
            get.gstat.set(answer.gstat());
            get.erreg.set(answer.erreg());
            get.fileno.set(answer.fileNumber());
            get.blkno.set(answer.blockNumber());
            return 0;
        }
        if (request == MTIOCPOS) {
            calls.add("MTIOCPOS");
            MtPos pos = new MtPos(runtime);
            pos.useMemory(argument);
            pos.blkno.set(positions.size() > 1 ? positions.poll() : positions.peek());
            return 0;
        }
        calls.add("ioctl 0x" + Long.toHexString(request));
        return -Errno.ENOTTY.intValue();
    }
}
