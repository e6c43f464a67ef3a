// The library map: the medium changer's elements as the controller reports them (GET /api/v1/library and
// "event: library", the controller's LibraryView): data transfer elements (drives), storage elements and
// import/export elements (mail slots), each with its cartridge's volume tag; cleaning cartridges and drives that
// asked for cleaning are marked. Also fills the load form's choices.

import { el } from './format.js';

const NAMES = { DATA_TRANSFER: 'Drive', STORAGE: 'Slot', IMPORT_EXPORT: 'Mail slot' };

export class LibraryMap {
  /**
   * @param root     the document
   * @param onUnload called with a drive number when its Unload button is pressed
   */
  constructor(root, onUnload) {
    this.drives = root.getElementById('drives');
    this.storage = root.getElementById('storage');
    this.mail = root.getElementById('mail');
    this.note = root.getElementById('library-note');
    this.loadDrive = root.getElementById('load-drive');
    this.loadTape = root.getElementById('load-tape');
    this.onUnload = onUnload;
    this.library = null;
  }

  /** Shows why the map is missing or stale (null clears it). */
  showNote(text) {
    this.note.hidden = !text;
    this.note.textContent = text || '';
  }

  render(library) {
    this.library = library;
    this.showNote(null);
    this.drives.replaceChildren(...(library.drives || []).map((e) => this.element(e)));
    this.storage.replaceChildren(...(library.storageSlots || []).map((e) => this.element(e)));
    this.mail.replaceChildren(...(library.importExportSlots || []).map((e) => this.element(e)));
    if ((library.importExportSlots || []).length === 0) {
      this.mail.append(el('li', { class: 'none', text: 'This library has no mail slots.' }));
    }
    this.fillLoadForm(library);
  }

  /** Where a volume tag is in the library now, as {type, number}; null when not in it. */
  locate(volumeTag) {
    if (!this.library) return null;
    for (const list of [this.library.drives, this.library.storageSlots, this.library.importExportSlots]) {
      const found = (list || []).find((e) => e.full && e.volumeTag === volumeTag);
      if (found) return { type: found.type, number: found.number };
    }
    return null;
  }

  element(e) {
    const name = `${NAMES[e.type] || e.type} ${e.number}`;
    const classes = ['element', e.type.toLowerCase().replace('_', '-'), e.full ? 'full' : 'empty'];
    let description = e.full ? (e.volumeTag || 'unlabelled cartridge') : 'empty';
    const badges = [];
    if (e.full && e.cleaning) {
      classes.push('cleaning');
      description += ', cleaning cartridge';
      const uses = e.cleaningUses === null || e.cleaningUses === undefined ? '' : `, used ${e.cleaningUses} times`;
      description += uses;
      badges.push(el('span', { class: 'badge cleaning-badge', text: 'cleaning', title: 'cleaning cartridge' + uses }));
      if (e.cleaningExpired) {
        classes.push('expired');
        description += ', expired';
        badges.push(el('span', { class: 'badge warn', text: 'expired' }));
      }
    }
    if (e.needsCleaning) {
      classes.push('needs-cleaning');
      description += ', asks for cleaning';
      badges.push(el('span', { class: 'badge warn', text: 'needs cleaning' }));
    }
    const item = el('li', {
      class: classes.join(' '),
      'data-type': e.type,
      'data-number': e.number,
      'data-volume-tag': e.full ? (e.volumeTag || '') : null,
      'aria-label': `${name}: ${description}`,
    },
    el('span', { class: 'element-name', text: name }),
    el('span', { class: 'cartridge', text: e.full ? (e.volumeTag || '(no label)') : 'empty' }),
    ...badges);
    if (e.type === 'DATA_TRANSFER' && e.sourceSlot) {
      item.append(el('span', { class: 'source-slot', text: `from slot ${e.sourceSlot}` }));
    }
    if (e.type === 'DATA_TRANSFER' && e.full) {
      item.append(el('button', {
        type: 'button',
        class: 'unload',
        'data-drive': e.number,
        'aria-label': `Unload drive ${e.number}`,
        text: 'Unload',
        onclick: (event) => this.onUnload(e.number, event.currentTarget),
      }));
    }
    return item;
  }

  fillLoadForm(library) {
    const keepDrive = this.loadDrive.value;
    const keepTape = this.loadTape.value;
    const drives = (library.drives || []).map((d) => el('option', {
      value: d.number,
      text: `Drive ${d.number}` + (d.full ? ` (holds ${d.volumeTag || 'a cartridge'})` : ' (empty)'),
    }));
    const tapes = (library.storageSlots || [])
      .filter((s) => s.full && s.volumeTag && !s.cleaning)
      .map((s) => el('option', { value: s.volumeTag, text: `${s.volumeTag} (slot ${s.number})` }));
    this.loadDrive.replaceChildren(...drives);
    this.loadTape.replaceChildren(...tapes);
    restore(this.loadDrive, keepDrive, (library.drives || []).find((d) => !d.full)?.number);
    restore(this.loadTape, keepTape);
  }
}

function restore(select, value, fallback) {
  const values = [...select.options].map((o) => o.value);
  if (values.includes(value)) {
    select.value = value;
  } else if (fallback !== undefined && values.includes(String(fallback))) {
    select.value = String(fallback);
  }
}
