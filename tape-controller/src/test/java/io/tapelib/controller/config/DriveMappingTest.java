package io.tapelib.controller.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DriveMappingTest {

    @Test
    void mapsDataTransferElementsToDevicesInElementOrder() {
        DriveMapping mapping = DriveMapping.parse(" 1=/dev/st1 , 0 = /dev/st0");
        assertThat(mapping.devices()).containsExactly(Map.entry(0, Path.of("/dev/st0")), Map.entry(1, Path.of("/dev/st1")));
        assertThat(mapping.devices().firstKey()).isZero();
        assertThat(mapping).hasToString("0=/dev/st0,1=/dev/st1");
    }

    @Test
    void aSparseMappingKeepsTheChangersNumbers() {
        assertThat(DriveMapping.parse("2=/dev/st0").devices()).containsOnlyKeys(2);
    }

    @Test
    void blankIsEmpty() {
        assertThat(DriveMapping.parse("").isEmpty()).isTrue();
        assertThat(DriveMapping.parse((String) null).isEmpty()).isTrue();
        assertThat(DriveMapping.parse(java.util.List.of("0=/dev/st0", "1=/dev/st1")).devices()).hasSize(2);
    }

    @Test
    void malformedEntriesAreNamedWithTheReason() {
        assertThatThrownBy(() -> DriveMapping.parse("/dev/st0"))
                .isInstanceOf(InvalidDriveMappingException.class)
                .hasMessage("TAPE_DRIVES=/dev/st0: entry 1 '/dev/st0' has no '='; expected <data transfer element>=<device>,"
                        + " e.g. 0=/dev/st0");
        assertThatThrownBy(() -> DriveMapping.parse("0=/dev/st0,x=/dev/st1"))
                .hasMessage("TAPE_DRIVES=0=/dev/st0,x=/dev/st1: entry 2 'x=/dev/st1': 'x' is not a data transfer element"
                        + " number (0, 1, ... as mtx status prints them)");
        assertThatThrownBy(() -> DriveMapping.parse("-1=/dev/st0")).hasMessageContaining("'-1' is not a data transfer element");
        assertThatThrownBy(() -> DriveMapping.parse("0=st0")).hasMessageContaining("'st0' is not an absolute device path");
        assertThatThrownBy(() -> DriveMapping.parse("0=")).hasMessageContaining("'' is not an absolute device path");
        assertThatThrownBy(() -> DriveMapping.parse("0=/dev/st0,")).hasMessageContaining("entry 2 '' has no '='");
    }

    @Test
    void duplicateElementsAndDevicesAreRefused() {
        assertThatThrownBy(() -> DriveMapping.parse("0=/dev/st0,0=/dev/st1"))
                .isInstanceOf(InvalidDriveMappingException.class)
                .hasMessage("TAPE_DRIVES=0=/dev/st0,0=/dev/st1: entry 2 '0=/dev/st1': data transfer element 0 is already"
                        + " mapped to /dev/st0");
        assertThatThrownBy(() -> DriveMapping.parse("0=/dev/st0,1=/dev/st0"))
                .hasMessageEndingWith("/dev/st0 is already data transfer element 0");
    }
}
