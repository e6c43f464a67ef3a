package io.tapelib.controller.jobs;

import io.tapelib.controller.changer.DestinationFullException;
import io.tapelib.controller.changer.Element;
import io.tapelib.controller.changer.ElementType;
import io.tapelib.controller.changer.Inventory;
import io.tapelib.controller.changer.UnknownElementException;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which storage or import/export element a move takes or fills, read from an inventory, with the typed refusals the
 * APIs report. A storage element that is the home of a cartridge in a drive (its source slot) counts as taken: the
 * cartridge goes back there when it is unloaded.
 */
final class ElementChoice {

    private static final String CHANGER = "changer";

    private ElementChoice() {
    }

    /**
     * The element {@code ref} names.
     *
     * @throws UnknownElementException the library has no such element of that type
     */
    static Element find(Inventory inventory, ElementRef ref) {
        List<Element> elements = ref.type() == ElementType.STORAGE ? inventory.storage() : inventory.importExport();
        return elements.stream().filter(e -> e.number() == ref.number()).findFirst()
                .orElseThrow(() -> new UnknownElementException(CHANGER, "the library has no " + ref.describe()
                        + " (" + ranges(inventory) + ")"));
    }

    /**
     * The import/export element an export fills: {@code requested} when it is given (above 0) and empty, else the
     * lowest-numbered empty one.
     *
     * @throws UnknownElementException  {@code requested} is no import/export element
     * @throws DestinationFullException {@code requested} is full, or no import/export element is empty
     */
    static int mailSlotFor(Inventory inventory, String tag, int requested) {
        if (requested > 0) {
            Element slot = find(inventory, new ElementRef(ElementType.IMPORT_EXPORT, requested));
            if (slot.full()) {
                throw new DestinationFullException(CHANGER, "import/export element " + requested + " holds "
                        + label(slot) + "; take it out of the mail slot or name another one");
            }
            return requested;
        }
        if (inventory.importExport().isEmpty()) {
            throw new DestinationFullException(CHANGER, "cannot export " + tag + ": the library has no import/export element");
        }
        return inventory.importExport().stream().filter(e -> !e.full()).mapToInt(Element::number).findFirst()
                .orElseThrow(() -> new DestinationFullException(CHANGER, "no free import/export element for " + tag + " ("
                        + inventory.importExport().stream().map(e -> e.number() + " holds " + label(e))
                        .collect(Collectors.joining(", ")) + "); take cartridges out of the mail slots first"));
    }

    /** The empty storage elements that are nobody's home slot, lowest number first. */
    static List<Integer> freeStorage(Inventory inventory) {
        Set<Integer> homes = homeSlots(inventory);
        return inventory.storage().stream().filter(e -> !e.full() && !homes.contains(e.number()))
                .map(Element::number).toList();
    }

    /** The storage elements that cartridges now in drives came from. */
    static Set<Integer> homeSlots(Inventory inventory) {
        return inventory.dataTransfer().stream().filter(Element::full)
                .filter(e -> e.sourceSlot().isPresent()).map(e -> e.sourceSlot().getAsInt()).collect(Collectors.toSet());
    }

    /** The cartridge's volume tag, or words for one without a readable label. */
    static String label(Element element) {
        return element.volumeTag().orElse("a cartridge without a volume tag");
    }

    private static String ranges(Inventory inventory) {
        return "storage elements " + range(inventory.storage()) + ", import/export elements " + range(inventory.importExport());
    }

    private static String range(List<Element> elements) {
        return elements.isEmpty() ? "none"
                : elements.get(0).number() + ".." + elements.get(elements.size() - 1).number();
    }
}
