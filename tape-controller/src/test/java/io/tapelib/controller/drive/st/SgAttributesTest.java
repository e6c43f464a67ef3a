package io.tapelib.controller.drive.st;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapelib.controller.device.AttributeNotSupportedException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.device.command.CommandResult;
import io.tapelib.controller.device.command.CommandStartException;
import io.tapelib.controller.drive.MediumAttribute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * READ ATTRIBUTE and WRITE ATTRIBUTE as the st adapter sends them through sg_raw on the drive's sg node: the CDB
 * bytes (SPC-4 6.17 and 6.38, placed as the LTFS reference's sg backend places them), the parameter list, the
 * response parsing and the sense categories.
 */
class SgAttributesTest {

    private static final MediumAttribute VCI = new MediumAttribute(0x080C, MediumAttribute.BINARY, new byte[] {8, 1});

    private final List<List<String>> commands = new ArrayList<>();
    private final List<byte[]> sent = new ArrayList<>();
    private StSysfs sysfs;

    @BeforeEach
    void sysfs(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("class/scsi_tape/nst0/device/scsi_generic/sg3"));
        sysfs = new StSysfs(root);
    }

    /** sg_raw as a double: records the command and the data it would send, answers with {@code answer}. */
    private SgAttributes attributes(Function<List<String>, CommandResult> answer) {
        return new SgAttributes("/dev/nst0", "nst0", sysfs, (command, timeout) -> {
            commands.add(command);
            command.stream().filter(a -> a.startsWith("--infile=")).findFirst().ifPresent(a -> {
                try {
                    sent.add(Files.readAllBytes(Path.of(a.substring("--infile=".length()))));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return answer.apply(command);
        });
    }

    /** Answers with a response written where sg_raw's --outfile points. */
    private static CommandResult respond(List<String> command, byte[] response) {
        String outfile = command.stream().filter(a -> a.startsWith("--outfile=")).findFirst().orElseThrow();
        try {
            Files.write(Path.of(outfile.substring("--outfile=".length())), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CommandResult(command, 0, "", "");
    }

    private static List<String> cdbOf(List<String> command) {
        return command.subList(command.size() - 16, command.size());
    }

    @Test
    void readAttributeCdbNamesPartitionAttributeAndAllocationLength() {
        byte[] cdb = ScsiAttributeCommands.readAttribute(1, 0x080C, 0x1_0008);

        assertThat(HexFormat.of().formatHex(cdb)).isEqualTo("8c000000000000010" + "80c" + "00010008" + "0000");
    }

    @Test
    void writeAttributeCdbSetsWriteThroughAndTheParameterListLength() {
        byte[] cdb = ScsiAttributeCommands.writeAttribute(0, 11);
        byte[] list = ScsiAttributeCommands.writeParameters(VCI);

        assertThat(HexFormat.of().formatHex(cdb)).isEqualTo("8d010000000000000000" + "0000000b" + "0000");
        assertThat(HexFormat.of().formatHex(list)).as("PARAMETER DATA LENGTH, then the attribute")
                .isEqualTo("00000007" + "080c00" + "0002" + "0801");
    }

    @Test
    void readsAnAttributeFromTheAttributeValuesResponse() {
        byte[] response = ByteBuffer.allocate(4 + 7 + 9).putInt(16).put(VCI.encoded())
                .put(new MediumAttribute(0x080D, 0, new byte[] {1, 2, 3, 4}).encoded()).array();

        assertThat(attributes(c -> respond(c, response)).read(1, 0x080C)).contains(VCI);

        List<String> command = commands.get(0);
        assertThat(command.subList(0, 3)).containsExactly("sg_raw", "--nosense",
                "--request=" + ScsiAttributeCommands.MAX_RESPONSE_BYTES);
        assertThat(command).contains("/dev/sg3");
        assertThat(String.join(" ", cdbOf(command))).isEqualTo("8c 00 00 00 00 00 00 01 08 0c 00 01 00 08 00 00");
    }

    @Test
    void anAttributeTheMediumDoesNotHoldIsEmpty() {
        // ILLEGAL REQUEST (the reference's INVALID FIELD IN CDB), or the next attribute in identifier order
        assertThat(attributes(c -> new CommandResult(c, SgAttributes.EXIT_ILLEGAL_REQUEST, "", "Illegal request"))
                .read(0, 0x080C)).isEmpty();
        byte[] next = ByteBuffer.allocate(4 + 9).putInt(9)
                .put(new MediumAttribute(0x080D, 0, new byte[] {1, 2, 3, 4}).encoded()).array();
        assertThat(attributes(c -> respond(c, next)).read(0, 0x080C)).isEmpty();
    }

    @Test
    void writesTheParameterListFromATemporaryFileAndRemovesIt() {
        attributes(c -> new CommandResult(c, 0, "", "")).write(1, VCI);

        List<String> command = commands.get(0);
        assertThat(command.subList(0, 3)).containsExactly("sg_raw", "--nosense", "--send=11");
        assertThat(String.join(" ", cdbOf(command))).isEqualTo("8d 01 00 00 00 00 00 01 00 00 00 00 00 0b 00 00");
        assertThat(sent.get(0)).isEqualTo(ScsiAttributeCommands.writeParameters(VCI));
        String infile = command.stream().filter(a -> a.startsWith("--infile=")).findFirst().orElseThrow();
        assertThat(Path.of(infile.substring("--infile=".length()))).doesNotExist();
    }

    @Test
    void senseCategoriesBecomeThePortsExceptions() {
        assertThatThrownBy(() -> attributes(c -> new CommandResult(c, SgAttributes.EXIT_DATA_PROTECT, "",
                "Data protect")).write(0, VCI)).isInstanceOf(WriteProtectedException.class);
        assertThatThrownBy(() -> attributes(c -> new CommandResult(c, SgAttributes.EXIT_INVALID_OPCODE, "",
                "Invalid opcode")).read(0, 0x080C)).isInstanceOf(AttributeNotSupportedException.class);
        assertThatThrownBy(() -> attributes(c -> new CommandResult(c, 3, "", "Medium error")).read(0, 0x080C))
                .isInstanceOf(DeviceException.class).hasMessageContaining("Medium error");
        assertThatThrownBy(() -> attributes(c -> {
            throw new CommandStartException(c, new IOException("No such file"));
        }).read(0, 0x080C)).isInstanceOf(AttributeNotSupportedException.class).hasMessageContaining("sg_raw");
    }

    @Test
    void aUnitAttentionIsAskedOnceMore() {
        List<Integer> exits = new ArrayList<>(List.of(SgLogs.EXIT_UNIT_ATTENTION, 0));
        attributes(c -> new CommandResult(c, exits.remove(0), "", "")).write(0, VCI);

        assertThat(commands).hasSize(2);
    }

    @Test
    void aDriveWithoutSgNodeCannotReachItsCartridgeMemory(@TempDir Path emptySys) {
        sysfs = new StSysfs(emptySys);

        assertThatThrownBy(() -> attributes(c -> new CommandResult(c, 0, "", "")).read(0, 0x0009))
                .isInstanceOf(AttributeNotSupportedException.class).hasMessageContaining("no SCSI generic node");
        assertThat(commands).isEmpty();
    }
}
