package io.tapelib.controller.library;

/**
 * Geometry and media of a virtual library.
 *
 * @param storageSlots           number of storage elements (mtx ordinals 1..storageSlots)
 * @param importExportSlots      number of import/export elements (mail slots), numbered after the storage slots
 * @param drives                 number of data transfer elements (LTO-5 drives), numbered from 0
 * @param initialCartridges      data cartridges {@code TL0001L5}, {@code TL0002L5}, ... placed in storage slots 1, 2, ...
 *                               when the library is created
 * @param cleaningCartridges     cleaning cartridges {@code CLN001L1}, ... placed from the last storage slot downwards
 * @param cartridgeCapacityBytes native capacity of a new cartridge in bytes (LTO-5: 1.5 TB)
 * @param earlyWarningBytes      how far before the end of a partition the drives report early warning, in bytes
 * @param timeScale              real seconds slept per simulated second: 0.0 never sleeps, 1.0 behaves like the hardware
 * @throws IllegalArgumentException when a figure is out of range or the cartridges do not fit in the storage slots
 */
public record VirtualLibraryConfig(int storageSlots, int importExportSlots, int drives, int initialCartridges,
                                   int cleaningCartridges, long cartridgeCapacityBytes, long earlyWarningBytes,
                                   double timeScale) {

    /** LTO-5 native capacity (LTO generation specifications): 1.5 TB. */
    public static final long LTO5_NATIVE_CAPACITY_BYTES = 1_500_000_000_000L;

    /**
     * HP drives signal early warning only about 30 MiB before the end of a partition
     * (LTFS reference implementation, github LinearTapeFileSystem/ltfs issue #331).
     */
    public static final long HP_EARLY_WARNING_BYTES = 30L * 1024 * 1024;

    public VirtualLibraryConfig {
        if (storageSlots < 1) {
            throw new IllegalArgumentException("storageSlots must be at least 1, got " + storageSlots);
        }
        if (importExportSlots < 0) {
            throw new IllegalArgumentException("importExportSlots must not be negative, got " + importExportSlots);
        }
        if (drives < 1) {
            throw new IllegalArgumentException("drives must be at least 1, got " + drives);
        }
        if (initialCartridges < 0 || cleaningCartridges < 0 || initialCartridges + cleaningCartridges > storageSlots) {
            throw new IllegalArgumentException("initialCartridges (" + initialCartridges + ") and cleaningCartridges ("
                    + cleaningCartridges + ") must fit in " + storageSlots + " storage slots");
        }
        if (initialCartridges > 9999) {
            throw new IllegalArgumentException("at most 9999 initial cartridges (TL0001L5..TL9999L5)");
        }
        if (cartridgeCapacityBytes < 1) {
            throw new IllegalArgumentException("cartridgeCapacityBytes must be positive, got " + cartridgeCapacityBytes);
        }
        if (earlyWarningBytes < 0) {
            throw new IllegalArgumentException("earlyWarningBytes must not be negative, got " + earlyWarningBytes);
        }
        if (!(timeScale >= 0.0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("timeScale must be a finite number >= 0, got " + timeScale);
        }
    }

    /**
     * An HPE MSL4048: 48 storage slots, 3 import/export slots, 1 LTO-5 drive, 8 data cartridges
     * TL0001L5..TL0008L5 in slots 1..8, 1 cleaning cartridge CLN001L1 in slot 48, 1.5 TB per cartridge,
     * early warning 30 MiB before the end of a partition, no sleeping (timeScale 0.0).
     */
    public static VirtualLibraryConfig msl4048() {
        return new VirtualLibraryConfig(48, 3, 1, 8, 1, LTO5_NATIVE_CAPACITY_BYTES, HP_EARLY_WARNING_BYTES, 0.0);
    }

    /** A copy with {@code n} drives. */
    public VirtualLibraryConfig withDrives(int n) {
        return new VirtualLibraryConfig(storageSlots, importExportSlots, n, initialCartridges, cleaningCartridges,
                cartridgeCapacityBytes, earlyWarningBytes, timeScale);
    }

    /** A copy with {@code n} initial data cartridges. */
    public VirtualLibraryConfig withInitialCartridges(int n) {
        return new VirtualLibraryConfig(storageSlots, importExportSlots, drives, n, cleaningCartridges,
                cartridgeCapacityBytes, earlyWarningBytes, timeScale);
    }

    /** A copy whose new cartridges hold {@code bytes} bytes. */
    public VirtualLibraryConfig withCartridgeCapacityBytes(long bytes) {
        return new VirtualLibraryConfig(storageSlots, importExportSlots, drives, initialCartridges, cleaningCartridges,
                bytes, earlyWarningBytes, timeScale);
    }

    /** A copy with another time scale (0.0 no sleeps, 1.0 real time). */
    public VirtualLibraryConfig withTimeScale(double scale) {
        return new VirtualLibraryConfig(storageSlots, importExportSlots, drives, initialCartridges, cleaningCartridges,
                cartridgeCapacityBytes, earlyWarningBytes, scale);
    }

    /** A copy whose drives report early warning {@code bytes} bytes before the end of a partition. */
    public VirtualLibraryConfig withEarlyWarningBytes(long bytes) {
        return new VirtualLibraryConfig(storageSlots, importExportSlots, drives, initialCartridges, cleaningCartridges,
                cartridgeCapacityBytes, bytes, timeScale);
    }

    /** A copy with {@code n} cleaning cartridges. */
    public VirtualLibraryConfig withCleaningCartridges(int n) {
        return new VirtualLibraryConfig(storageSlots, importExportSlots, drives, initialCartridges, n,
                cartridgeCapacityBytes, earlyWarningBytes, timeScale);
    }

    /** The volume tag of the n-th (1-based) initial data cartridge: {@code TL0001L5}. */
    public static String dataVolumeTag(int n) {
        return String.format("TL%04dL5", n);
    }

    /** The volume tag of the n-th (1-based) cleaning cartridge: {@code CLN001L1} (LTO universal cleaning cartridge). */
    public static String cleaningVolumeTag(int n) {
        return String.format("CLN%03dL1", n);
    }
}
