// Per-cartridge fill (GET /api/v1/tapes): live and dead bytes as a stacked bar of the capacity, and the cartridge's
// actions: export to a mail slot (a cartridge in the library, not shelved) and reclaim (an LTFS cartridge).

import { bytes, el, percent, time } from './format.js';

const PLACES = { STORAGE: 'slot', DATA_TRANSFER: 'drive', IMPORT_EXPORT: 'mail slot' };

export class TapeTable {
  /**
   * @param root    the document
   * @param actions { exportTape(tag, button), reclaim(tag, button) }
   * @param locate  volume tag to {type, number} from the library map, for a cartridge the answer has no location for
   */
  constructor(root, actions, locate) {
    this.body = root.getElementById('tapes');
    this.actions = actions;
    this.locate = locate;
  }

  render(tapes) {
    if (tapes.length === 0) {
      this.body.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'note', text: 'The catalog knows no cartridge yet.' })));
      return;
    }
    this.body.replaceChildren(...tapes.map((t) => this.row(t)));
  }

  /** Shows a failure to read the list in place of the rows. */
  showError(message) {
    this.body.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'note', text: message })));
  }

  row(t) {
    const capacity = t.capacityBytes || 0;
    const live = t.liveBytes || 0;
    const dead = t.deadBytes || 0;
    const free = Math.max(0, capacity - (t.usedBytes || live + dead));
    const label = `${t.volumeTag}: ${bytes(live)} live, ${bytes(dead)} dead, ${bytes(free)} free of ${bytes(capacity)}`;
    const location = t.location || this.locate(t.volumeTag);
    const where = location ? `${PLACES[location.type] || location.type.toLowerCase()}`
      + (location.type === 'OUT' ? '' : ` ${location.number}`) : '';
    const state = t.readOnlyReason ? `${t.state} (${t.readOnlyReason})` : t.state;
    const inLibrary = location && location.type !== 'OUT' && location.type !== 'IMPORT_EXPORT';
    const buttons = [];
    if (inLibrary && t.state !== 'SHELVED') {
      buttons.push(el('button', {
        type: 'button', class: 'export', 'data-tape': t.volumeTag, 'aria-label': `Export ${t.volumeTag}`, text: 'Export',
        onclick: (e) => this.actions.exportTape(t.volumeTag, e.currentTarget),
      }));
    }
    if (t.state === 'LTFS') {
      buttons.push(el('button', {
        type: 'button', class: 'reclaim', 'data-tape': t.volumeTag, 'aria-label': `Reclaim ${t.volumeTag}`, text: 'Reclaim',
        onclick: (e) => this.actions.reclaim(t.volumeTag, e.currentTarget),
      }));
    }
    return el('tr', { 'data-tape': t.volumeTag },
      el('th', { scope: 'row', text: t.volumeTag }),
      el('td', { text: state, title: t.lastWritten ? `index generation ${t.generation}, written ${time(t.lastWritten)}` : null }),
      el('td', { text: where }),
      el('td', {},
        el('div', { class: 'fill', role: 'img', 'aria-label': label, title: label },
          el('span', { class: 'fill-live', style: `width: ${percent(live, capacity)}%` }),
          el('span', { class: 'fill-dead', style: `width: ${percent(dead, capacity)}%` })),
        el('span', { class: 'fill-text', text: `${bytes(live)} live · ${bytes(dead)} dead · ${bytes(capacity)}` })),
      el('td', { class: 'number', text: String(t.files ?? '') }),
      el('td', { class: 'tape-actions' }, ...buttons));
  }
}
