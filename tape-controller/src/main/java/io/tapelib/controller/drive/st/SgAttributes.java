package io.tapelib.controller.drive.st;

import io.tapelib.controller.device.AttributeNotSupportedException;
import io.tapelib.controller.device.DeviceException;
import io.tapelib.controller.device.WriteProtectedException;
import io.tapelib.controller.device.command.CommandResult;
import io.tapelib.controller.device.command.CommandRunner;
import io.tapelib.controller.device.command.CommandStartException;
import io.tapelib.controller.drive.MediumAttribute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The cartridge memory (MAM) side of {@link StTapeDrive}: READ ATTRIBUTE and WRITE ATTRIBUTE ({@link
 * ScsiAttributeCommands}) sent by {@code sg_raw} (sg3_utils, which issues them with SG_IO) on the drive's SCSI generic
 * node, found through sysfs as for the capacity log page. The st driver has no ioctl for them.
 *
 * <p>Answers, by the sg3_utils exit status of the sense category (sg_lib.h): ILLEGAL REQUEST on a read is an attribute
 * the medium does not hold (the reference's {@code -EDEV_INVALID_FIELD_CDB}); INVALID OPCODE, a missing sg node or a
 * missing {@code sg_raw} mean the drive or host cannot reach MAM ({@link AttributeNotSupportedException}, logged once);
 * DATA PROTECT on a write is a write-protected cartridge; UNIT ATTENTION is answered by asking once more.
 */
final class SgAttributes {

    /** sg3_utils exit status for ILLEGAL REQUEST (SG_LIB_CAT_ILLEGAL_REQ). */
    static final int EXIT_ILLEGAL_REQUEST = 5;
    /** sg3_utils exit status for DATA PROTECT (SG_LIB_CAT_DATA_PROTECT). */
    static final int EXIT_DATA_PROTECT = 7;
    /** sg3_utils exit status for INVALID OPERATION CODE (SG_LIB_CAT_INVALID_OP). */
    static final int EXIT_INVALID_OPCODE = 9;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(StTapeDrive.class);

    private final String name;
    private final String nodeName;
    private final StSysfs sysfs;
    private final CommandRunner runner;
    private boolean unsupportedLogged;

    /**
     * @param name     the tape node's path, for messages
     * @param nodeName the tape node's name under {@code /sys/class/scsi_tape}, e.g. {@code nst0}
     */
    SgAttributes(String name, String nodeName, StSysfs sysfs, CommandRunner runner) {
        this.name = Objects.requireNonNull(name);
        this.nodeName = Objects.requireNonNull(nodeName);
        this.sysfs = Objects.requireNonNull(sysfs);
        this.runner = Objects.requireNonNull(runner);
    }

    /**
     * One attribute of a partition.
     *
     * @return empty when the medium holds no such attribute
     * @throws AttributeNotSupportedException the drive or host cannot read attributes
     * @throws DeviceException                sg_raw failed otherwise (its words quoted)
     */
    Optional<MediumAttribute> read(int partition, int id) {
        String sg = scsiGenericNode("READ ATTRIBUTE", partition, id);
        Path response = temporaryFile();
        try {
            byte[] cdb = ScsiAttributeCommands.readAttribute(partition, id, ScsiAttributeCommands.MAX_RESPONSE_BYTES);
            List<String> command = new ArrayList<>(List.of("sg_raw", "--nosense",
                    "--request=" + ScsiAttributeCommands.MAX_RESPONSE_BYTES, "--outfile=" + response, sg));
            command.addAll(List.of(ScsiAttributeCommands.hexWords(cdb)));
            CommandResult result = run(command, "READ ATTRIBUTE", partition, id);
            if (result.exitCode() == EXIT_ILLEGAL_REQUEST) {
                return Optional.empty();
            }
            requireSuccess(result);
            byte[] data = Files.readAllBytes(response);
            return ScsiAttributeCommands.attributeValue(data, data.length, id);
        } catch (IOException e) {
            throw new DeviceException(name, "READ ATTRIBUTE response of sg_raw cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(name, String.format("READ ATTRIBUTE %04Xh: malformed response: %s", id,
                    e.getMessage()), e);
        } finally {
            deleteQuietly(response);
        }
    }

    /**
     * Writes one attribute to a partition.
     *
     * @throws WriteProtectedException        the cartridge is write protected
     * @throws AttributeNotSupportedException the drive or host cannot write attributes
     * @throws DeviceException                the drive refused it (a read-only attribute) or sg_raw failed
     */
    void write(int partition, MediumAttribute attribute) {
        String sg = scsiGenericNode("WRITE ATTRIBUTE", partition, attribute.id());
        Path parameters = temporaryFile();
        try {
            byte[] list = ScsiAttributeCommands.writeParameters(attribute);
            Files.write(parameters, list);
            byte[] cdb = ScsiAttributeCommands.writeAttribute(partition, list.length);
            List<String> command = new ArrayList<>(List.of("sg_raw", "--nosense", "--send=" + list.length,
                    "--infile=" + parameters, sg));
            command.addAll(List.of(ScsiAttributeCommands.hexWords(cdb)));
            CommandResult result = run(command, "WRITE ATTRIBUTE", partition, attribute.id());
            if (result.exitCode() == EXIT_DATA_PROTECT) {
                throw new WriteProtectedException(name, "DATA PROTECT: WRITE ATTRIBUTE refused: " + result.output());
            }
            requireSuccess(result);
        } catch (IOException e) {
            throw new DeviceException(name, "WRITE ATTRIBUTE parameters cannot be written for sg_raw: "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(parameters);
        }
    }

    private CommandResult run(List<String> command, String operation, int partition, int id) {
        CommandResult result;
        try {
            result = runner.run(command, TIMEOUT);
            if (result.exitCode() == SgLogs.EXIT_UNIT_ATTENTION) {
                result = runner.run(command, TIMEOUT);
            }
        } catch (CommandStartException e) {
            throw unsupported(operation, partition, id, "sg_raw (sg3_utils) cannot be started: " + e.getMessage());
        }
        if (result.exitCode() == EXIT_INVALID_OPCODE) {
            throw unsupported(operation, partition, id, "the drive does not know the command: " + result.output());
        }
        return result;
    }

    private void requireSuccess(CommandResult result) {
        if (!result.succeeded()) {
            throw new DeviceException(name, String.join(" ", result.command()) + " exited with " + result.exitCode()
                    + ": " + result.output());
        }
    }

    private String scsiGenericNode(String operation, int partition, int id) {
        return sysfs.scsiGenericNode(nodeName).orElseThrow(() -> unsupported(operation, partition, id,
                "no SCSI generic node under /sys/class/scsi_tape/" + nodeName + "/device/scsi_generic (is the sg"
                        + " module loaded?)"));
    }

    private AttributeNotSupportedException unsupported(String operation, int partition, int id, String why) {
        String message = String.format("%s of MAM attribute %04Xh (partition %d): %s", operation, id, partition, why);
        if (!unsupportedLogged) {
            unsupportedLogged = true;
            LOG.infof("%s: %s; cartridge memory is neither read nor written, LTFS mounts check the tape itself", name,
                    message);
        }
        return new AttributeNotSupportedException(name, message);
    }

    private static Path temporaryFile() {
        try {
            return Files.createTempFile("tapelib-mam-", ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for sg_raw", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file left behind is harmless
        }
    }
}
