package io.tapelib.controller.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tapelib.controller.library.VirtualLibraryConfig;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Geometry of the virtual tape library used when {@code TAPE_CHANGER=virtual:<dir>} (DESIGN.md section 6).
 * Applied when the library directory is created; a library that already exists keeps its own geometry
 * for what it has stored on disk. Environment variables: {@code TAPELIB_VIRTUAL_DRIVES},
 * {@code TAPELIB_VIRTUAL_CARTRIDGES}, {@code TAPELIB_VIRTUAL_CAPACITY_BYTES}, {@code TAPELIB_VIRTUAL_TIME_SCALE}.
 */
@ConfigMapping(prefix = "tapelib.virtual")
public interface VirtualLibrarySettings {

    /** Number of LTO-5 drives, 1 to 4 (an MSL4048 holds up to 4 full-height drives). */
    @WithDefault("1")
    int drives();

    /** Number of blank data cartridges placed in storage slots 1..n of a new library. */
    @WithDefault("8")
    int cartridges();

    /** Native capacity of each cartridge in bytes; empty for LTO-5's 1.5 TB. */
    OptionalLong capacityBytes();

    /**
     * Factor applied to the timing model's simulated seconds: 1.0 sleeps as long as a real LTO-5 drive and
     * MSL robot would take, 0.0 does not sleep at all.
     */
    @WithDefault("1.0")
    double timeScale();

    /**
     * Simulated time of tape motion after which a virtual drive asks for cleaning (TapeAlert flag 21, Clean
     * periodic); {@code 0} never (the default). Environment variable {@code TAPELIB_VIRTUAL_CLEANING_INTERVAL}, a
     * duration such as {@code 100h}.
     */
    @WithDefault("0s")
    Duration cleaningInterval();

    /**
     * Cleanings a virtual cleaning cartridge is good for before the drive reports it expired (TapeAlert flag 22).
     * Environment variable {@code TAPELIB_VIRTUAL_CLEANING_USES}; default 50, an LTO Ultrium cleaning cartridge's rating.
     */
    @WithDefault("50")
    int cleaningUses();

    /** The geometry of a library created with these settings: an MSL4048 with these drives, cartridges and times. */
    default VirtualLibraryConfig toConfig() {
        VirtualLibraryConfig config = VirtualLibraryConfig.msl4048()
                .withDrives(drives())
                .withInitialCartridges(cartridges())
                .withTimeScale(timeScale());
        return capacityBytes().isPresent() ? config.withCartridgeCapacityBytes(capacityBytes().getAsLong()) : config;
    }
}
