package io.tapelib.controller.api.grpc;

import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.jobs.ElementRef;
import io.tapelib.proto.v1.ElementAddress;

/** The proto's element addresses as the jobs package names elements. */
final class ElementMapping {

    private ElementMapping() {
    }

    /**
     * @param field the request's field, for the message ({@code from}, {@code to})
     * @throws IllegalArgumentException the field is missing or names no element type (INVALID_ARGUMENT)
     */
    static ElementRef element(String field, boolean present, ElementAddress address) {
        if (!present) {
            throw new IllegalArgumentException(field + " is required: an element type (STORAGE or IMPORT_EXPORT) and number");
        }
        ElementType type = switch (address.getType()) {
            case STORAGE -> ElementType.STORAGE;
            case IMPORT_EXPORT -> ElementType.IMPORT_EXPORT;
            case DATA_TRANSFER -> ElementType.DATA_TRANSFER;
            case ELEMENT_TYPE_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException(field
                    + ".type must be STORAGE or IMPORT_EXPORT, got " + address.getType());
        };
        return new ElementRef(type, address.getNumber());
    }
}
