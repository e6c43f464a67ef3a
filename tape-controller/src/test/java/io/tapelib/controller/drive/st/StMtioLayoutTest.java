package io.tapelib.controller.drive.st;

import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Acceptance test of the binding: compiles a C program against this machine's linux/mtio.h with gcc and compares the
 * sizes, field offsets, request codes and constants it prints with the Java side (jnr structs, {@link MtioRequests},
 * {@link Mtio}). Skipped only when gcc is not installed.
 */
class StMtioLayoutTest {

    private static final String PROGRAM = """
            #include <stdio.h>
            #include <stddef.h>
            #include <linux/mtio.h>
            #define SHOW(name, value) printf("%s %lld\\n", name, (long long) (value))
            int main(void) {
                SHOW("sizeof.mtop", sizeof(struct mtop));
                SHOW("offsetof.mtop.mt_op", offsetof(struct mtop, mt_op));
                SHOW("offsetof.mtop.mt_count", offsetof(struct mtop, mt_count));
                SHOW("sizeof.mtget", sizeof(struct mtget));
                SHOW("offsetof.mtget.mt_type", offsetof(struct mtget, mt_type));
                SHOW("offsetof.mtget.mt_resid", offsetof(struct mtget, mt_resid));
                SHOW("offsetof.mtget.mt_dsreg", offsetof(struct mtget, mt_dsreg));
                SHOW("offsetof.mtget.mt_gstat", offsetof(struct mtget, mt_gstat));
                SHOW("offsetof.mtget.mt_erreg", offsetof(struct mtget, mt_erreg));
                SHOW("offsetof.mtget.mt_fileno", offsetof(struct mtget, mt_fileno));
                SHOW("offsetof.mtget.mt_blkno", offsetof(struct mtget, mt_blkno));
                SHOW("sizeof.mtpos", sizeof(struct mtpos));
                SHOW("offsetof.mtpos.mt_blkno", offsetof(struct mtpos, mt_blkno));
                SHOW("MTIOCTOP", (unsigned long) MTIOCTOP);
                SHOW("MTIOCGET", (unsigned long) MTIOCGET);
                SHOW("MTIOCPOS", (unsigned long) MTIOCPOS);
                SHOW("MTFSF", MTFSF); SHOW("MTBSF", MTBSF); SHOW("MTFSR", MTFSR); SHOW("MTBSR", MTBSR);
                SHOW("MTWEOF", MTWEOF); SHOW("MTREW", MTREW); SHOW("MTOFFL", MTOFFL); SHOW("MTNOP", MTNOP);
                SHOW("MTEOM", MTEOM); SHOW("MTSETBLK", MTSETBLK); SHOW("MTSEEK", MTSEEK); SHOW("MTTELL", MTTELL);
                SHOW("MTSETDRVBUFFER", MTSETDRVBUFFER); SHOW("MTLOCK", MTLOCK); SHOW("MTUNLOCK", MTUNLOCK);
                SHOW("MTLOAD", MTLOAD); SHOW("MTUNLOAD", MTUNLOAD); SHOW("MTSETPART", MTSETPART);
                SHOW("MTMKPART", MTMKPART);
                SHOW("GMT_EOF", GMT_EOF(0xffffffffUL)); SHOW("GMT_BOT", GMT_BOT(0xffffffffUL));
                SHOW("GMT_EOT", GMT_EOT(0xffffffffUL)); SHOW("GMT_SM", GMT_SM(0xffffffffUL));
                SHOW("GMT_EOD", GMT_EOD(0xffffffffUL)); SHOW("GMT_WR_PROT", GMT_WR_PROT(0xffffffffUL));
                SHOW("GMT_ONLINE", GMT_ONLINE(0xffffffffUL)); SHOW("GMT_DR_OPEN", GMT_DR_OPEN(0xffffffffUL));
                SHOW("GMT_IM_REP_EN", GMT_IM_REP_EN(0xffffffffUL)); SHOW("GMT_CLN", GMT_CLN(0xffffffffUL));
                SHOW("MT_ST_BLKSIZE_MASK", MT_ST_BLKSIZE_MASK); SHOW("MT_ST_BLKSIZE_SHIFT", MT_ST_BLKSIZE_SHIFT);
                SHOW("MT_ST_DENSITY_MASK", (unsigned long) MT_ST_DENSITY_MASK);
                SHOW("MT_ST_DENSITY_SHIFT", MT_ST_DENSITY_SHIFT);
                SHOW("MT_ST_SETBOOLEANS", MT_ST_SETBOOLEANS); SHOW("MT_ST_CAN_PARTITIONS", MT_ST_CAN_PARTITIONS);
                SHOW("MT_ST_SCSI2LOGICAL", MT_ST_SCSI2LOGICAL);
                return 0;
            }
            """;

    private static Map<String, Long> c;

    @BeforeAll
    static void compileAndRun(@TempDir Path dir) throws IOException, InterruptedException {
        Path source = dir.resolve("mtio_layout.c");
        Path binary = dir.resolve("mtio_layout");
        Files.writeString(source, PROGRAM);
        assumeTrue(onPath("gcc"), "gcc is not installed");
        run(List.of("gcc", "-Wall", "-Werror", "-o", binary.toString(), source.toString()));
        c = new LinkedHashMap<>();
        for (String line : run(List.of(binary.toString())).split("\n")) {
            String[] parts = line.split(" ");
            c.put(parts[0], Long.parseLong(parts[1]));
        }
    }

    @Test
    void structsHaveTheKernelsSizesAndOffsets() {
        Runtime runtime = Runtime.getSystemRuntime();
        MtOp op = new MtOp(runtime);
        MtGet get = new MtGet(runtime);
        MtPos pos = new MtPos(runtime);

        Map<String, Long> java = new LinkedHashMap<>();
        java.put("sizeof.mtop", (long) Struct.size(op));
        java.put("offsetof.mtop.mt_op", op.op.offset());
        java.put("offsetof.mtop.mt_count", op.count.offset());
        java.put("sizeof.mtget", (long) Struct.size(get));
        java.put("offsetof.mtget.mt_type", get.type.offset());
        java.put("offsetof.mtget.mt_resid", get.resid.offset());
        java.put("offsetof.mtget.mt_dsreg", get.dsreg.offset());
        java.put("offsetof.mtget.mt_gstat", get.gstat.offset());
        java.put("offsetof.mtget.mt_erreg", get.erreg.offset());
        java.put("offsetof.mtget.mt_fileno", get.fileno.offset());
        java.put("offsetof.mtget.mt_blkno", get.blkno.offset());
        java.put("sizeof.mtpos", (long) Struct.size(pos));
        java.put("offsetof.mtpos.mt_blkno", pos.blkno.offset());

        assertThat(java).allSatisfy((name, value) -> assertThat(value).as(name).isEqualTo(c.get(name)));
    }

    @Test
    void requestCodesAreComputedAsTheHeaderDoes() {
        MtioRequests requests = MtioRequests.of(Runtime.getSystemRuntime());

        assertThat(requests.mtioctop()).isEqualTo(c.get("MTIOCTOP"));
        assertThat(requests.mtiocget()).isEqualTo(c.get("MTIOCGET"));
        assertThat(requests.mtiocpos()).isEqualTo(c.get("MTIOCPOS"));
    }

    @Test
    void operationsStatusBitsAndFieldMasksMatchTheHeader() throws IllegalAccessException {
        int compared = 0;
        for (var field : Mtio.class.getFields()) {
            Long expected = c.get(field.getName());
            assertThat(expected).as("the C program prints " + field.getName()).isNotNull();
            assertThat(((Number) field.get(null)).longValue()).as(field.getName()).isEqualTo(expected);
            compared++;
        }
        assertThat(compared).isEqualTo(c.keySet().stream().filter(k -> !k.contains(".") && !k.startsWith("MTIOC")).count());
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " finishes").isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + text).isZero();
        return text;
    }
}
