package io.tapelib.controller.drive.st;

/**
 * The fields of {@code struct mtget} as MTIOCGET returns them, and their meaning for the st driver
 * (Documentation/scsi/st.rst, "MTIOCGET"; drivers/scsi/st.c). This is the one decoder of drive status: the ioctl path
 * and the {@code mt status} fixtures both go through it.
 *
 * @param type         {@code mt_type}, MT_ISSCSI2 (0x72) for current drives
 * @param resid        {@code mt_resid}: the active partition (st.c; mt-st prints {@code mt_resid & 0xff})
 * @param dsreg        {@code mt_dsreg}: block size (bits 0-23) and density code (bits 24-31)
 * @param gstat        {@code mt_gstat}: the GMT_xxx bits
 * @param erreg        {@code mt_erreg}: recovered errors since the last status in bits 0-15
 * @param fileNumber   {@code mt_fileno}, -1 when unknown (e.g. after a locate)
 * @param blockNumber  {@code mt_blkno}: block within the file, -1 when unknown
 */
public record MtStatus(long type, long resid, long dsreg, long gstat, long erreg, int fileNumber, int blockNumber) {

    static MtStatus of(MtGet get) {
        return new MtStatus(get.type.get(), get.resid.get(), get.dsreg.get(), get.gstat.get(), get.erreg.get(),
                get.fileno.get(), get.blkno.get());
    }

    /** The active partition, as mt-st decodes it ({@code mt_resid & 0xff}). */
    public int partition() {
        return (int) (resid & 0xff);
    }

    /** Fixed block size in bytes, 0 in variable block mode. */
    public int blockSize() {
        return (int) ((dsreg & Mtio.MT_ST_BLKSIZE_MASK) >>> Mtio.MT_ST_BLKSIZE_SHIFT);
    }

    /** SCSI density code of the loaded medium (0x58 for LTO-5), 0 when not known. */
    public int densityCode() {
        return (int) ((dsreg & Mtio.MT_ST_DENSITY_MASK) >>> Mtio.MT_ST_DENSITY_SHIFT);
    }

    /** A cartridge is loaded and ready (GMT_ONLINE). */
    public boolean online() {
        return has(Mtio.GMT_ONLINE);
    }

    /** No cartridge in the drive (GMT_DR_OPEN). */
    public boolean doorOpen() {
        return has(Mtio.GMT_DR_OPEN);
    }

    /** The cartridge is write protected (GMT_WR_PROT). */
    public boolean writeProtected() {
        return has(Mtio.GMT_WR_PROT);
    }

    /** The driver saw end of data (GMT_EOD: reading or spacing hit blank tape, or MTEOM). */
    public boolean endOfData() {
        return has(Mtio.GMT_EOD);
    }

    /** The driver saw early warning or end of medium while writing (GMT_EOT). */
    public boolean endOfTape() {
        return has(Mtio.GMT_EOT);
    }

    /** Just after a filemark (GMT_EOF). */
    public boolean afterFilemark() {
        return has(Mtio.GMT_EOF);
    }

    /** At the beginning of the tape (GMT_BOT). */
    public boolean beginningOfTape() {
        return has(Mtio.GMT_BOT);
    }

    private boolean has(long bit) {
        return (gstat & bit) != 0;
    }
}
