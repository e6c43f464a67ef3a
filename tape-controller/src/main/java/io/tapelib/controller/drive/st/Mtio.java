package io.tapelib.controller.drive.st;

/**
 * The constants of the Linux magnetic tape interface, as {@code linux/mtio.h} defines them (kernel UAPI; the values
 * are the same on every architecture). The request codes of the ioctls depend on the struct sizes and live in
 * {@link MtioRequests}.
 *
 * <p>Checked against this machine's {@code /usr/include/linux/mtio.h} by {@code StMtioLayoutTest}, which compiles a C
 * program with gcc.
 */
public final class Mtio {

    private Mtio() {
    }

    // Operations of MTIOCTOP (struct mtop.mt_op); Documentation/scsi/st.rst, "IOCTLs", says what the st driver does.
    /** Space forward over {@code count} filemarks; positioned after the last one. */
    public static final short MTFSF = 1;
    /** Space backward over {@code count} filemarks; positioned before the last one. */
    public static final short MTBSF = 2;
    /** Space forward over {@code count} records. */
    public static final short MTFSR = 3;
    /** Space backward over {@code count} records. */
    public static final short MTBSR = 4;
    /** Write {@code count} filemarks (0 flushes the drive's buffer to the medium: a synchronisation point). */
    public static final short MTWEOF = 5;
    /** Rewind. */
    public static final short MTREW = 6;
    /** Rewind and put the drive off line (unload). */
    public static final short MTOFFL = 7;
    /** No operation; flushes the driver's buffer. */
    public static final short MTNOP = 8;
    /** Space to end of recorded data. */
    public static final short MTEOM = 12;
    /** Set the block length in bytes; 0 selects variable block mode. */
    public static final short MTSETBLK = 20;
    /** Locate to a logical block of the partition chosen by {@link #MTSETPART} (SCSI LOCATE). */
    public static final short MTSEEK = 22;
    /** Tell the block number (replaced by MTIOCPOS). */
    public static final short MTTELL = 23;
    /** Set driver options; with {@link #MT_ST_SETBOOLEANS} in the count, switch option bits on. Root only. */
    public static final short MTSETDRVBUFFER = 24;
    /** Lock the drive door (PREVENT MEDIUM REMOVAL). */
    public static final short MTLOCK = 28;
    /** Unlock the drive door. */
    public static final short MTUNLOCK = 29;
    /** SCSI LOAD: thread the cartridge. */
    public static final short MTLOAD = 30;
    /** SCSI UNLOAD: rewind and unthread the cartridge. */
    public static final short MTUNLOAD = 31;
    /** Make {@code count} the active partition at the next tape operation (an MTSEEK goes straight there). */
    public static final short MTSETPART = 33;
    /**
     * Format with one partition (count 0) or two: a positive count is the size of partition 1, a negative count the
     * size of partition 0 (the physically first one on LTO-5 and later), in megabytes (st.rst, "MTMKPART").
     */
    public static final short MTMKPART = 34;

    // struct mtget.mt_gstat bits (GMT_xxx macros).
    /** Just after a filemark (file number &gt; 0, block number 0). */
    public static final long GMT_EOF = 0x80000000L;
    /** At the beginning of the tape. */
    public static final long GMT_BOT = 0x40000000L;
    /** At or past early warning / end of tape (st: end-of-medium seen while writing). */
    public static final long GMT_EOT = 0x20000000L;
    /** At a setmark (DDS). */
    public static final long GMT_SM = 0x10000000L;
    /** At end of recorded data. */
    public static final long GMT_EOD = 0x08000000L;
    /** The cartridge is write protected. */
    public static final long GMT_WR_PROT = 0x04000000L;
    /** A cartridge is loaded and the drive is ready. */
    public static final long GMT_ONLINE = 0x01000000L;
    /** No cartridge in the drive ("door open"). */
    public static final long GMT_DR_OPEN = 0x00040000L;
    /** Immediate report mode (buffered writes) is on. */
    public static final long GMT_IM_REP_EN = 0x00010000L;
    /** The drive asks for cleaning. */
    public static final long GMT_CLN = 0x00008000L;

    // struct mtget.mt_dsreg fields of the SCSI tape driver.
    /** Block size in bytes, 0 in variable block mode. */
    public static final long MT_ST_BLKSIZE_MASK = 0xffffffL;
    public static final int MT_ST_BLKSIZE_SHIFT = 0;
    /** SCSI density code of the medium. */
    public static final long MT_ST_DENSITY_MASK = 0xff000000L;
    public static final int MT_ST_DENSITY_SHIFT = 24;

    // MTSETDRVBUFFER option words.
    /** Sub-command: set the option bits given in the low bits. */
    public static final int MT_ST_SETBOOLEANS = 0x30000000;
    /** Option: support partitioned tapes (MTSETPART and MTMKPART are inactive without it). */
    public static final int MT_ST_CAN_PARTITIONS = 0x400;
    /** Option: MTSEEK and MTIOCPOS use logical block numbers rather than device-specific addresses. */
    public static final int MT_ST_SCSI2LOGICAL = 0x800;
}
