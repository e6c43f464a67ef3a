package io.tapelib.controller.ltfs;

/**
 * Linux's encoding of device numbers ({@code makedev}, {@code major}, {@code minor} of glibc's sys/sysmacros.h):
 * 12 bits of major and 20 of minor in the low 32 bits, the rest of each above.
 */
public final class DeviceNumbers {

    private DeviceNumbers() {
    }

    /** The device number of {@code major} and {@code minor} (each at most 32 bits; higher bits are dropped). */
    public static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** The major number of a device number made by {@link #makedev}. */
    public static long major(long dev) {
        return ((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL);
    }

    /** The minor number of a device number made by {@link #makedev}. */
    public static long minor(long dev) {
        return ((dev >>> 12) & 0xffffff00L) | (dev & 0xffL);
    }

    /** {@code "major:minor"} in decimal. */
    public static String text(long dev) {
        return major(dev) + ":" + minor(dev);
    }
}
