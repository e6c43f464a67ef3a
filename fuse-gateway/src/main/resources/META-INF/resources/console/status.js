// The gateway's status (GET /api/v1/status and "event: status", GatewayStatus): cache use, the queue, whether the
// controller is reachable, the import requests (shelved cartridges that recalls wait for) and the lost files (dirty
// files whose content is gone; the status lists the first of them and counts all).

import { bytes, el, time } from './format.js';

export class StatusPanel {
  constructor(root) {
    this.meter = root.getElementById('cache-meter');
    this.cacheText = root.getElementById('cache-text');
    this.queueText = root.getElementById('queue-text');
    this.requests = root.getElementById('import-requests');
    this.lost = root.getElementById('lost-files');
  }

  render(status) {
    const max = status.cacheMaxBytes || 1;
    this.meter.max = max;
    this.meter.high = max * 0.9;
    this.meter.value = status.cacheUsedBytes || 0;
    this.cacheText.textContent = `${bytes(status.cacheUsedBytes)} of ${bytes(status.cacheMaxBytes)}`;

    const recalls = status.recalls || { queued: 0, running: [] };
    const parts = [];
    if (status.controllerReachable === false) parts.push('the tape controller is not reachable');
    parts.push(`${status.dirtyFiles} files (${bytes(status.dirtyBytes)}) wait for migration`,
      `${recalls.queued} files wait for recall`);
    for (const r of recalls.running || []) parts.push(`reading ${r.volume} (${r.files} files)`);
    for (const r of status.reclaims || []) {
      parts.push(`reclaiming ${r.volumeTag}: ${bytes(r.bytesDone)} of ${bytes(r.totalBytes)}`);
    }
    if (status.rebuild && status.rebuild.running) {
      parts.push(`re-indexing: ${status.rebuild.cartridgesDone} of ${status.rebuild.cartridgesTotal} cartridges`);
    }
    this.queueText.textContent = parts.join(' · ');
    this.queueText.classList.toggle('error', status.controllerReachable === false);

    const requests = status.importRequests || [];
    this.requests.replaceChildren(...(requests.length === 0
      ? [el('li', { class: 'none', text: 'None.' })]
      : requests.map((r) => el('li', { 'data-tape': r.volumeTag },
        el('strong', { text: r.volumeTag }),
        ` — ${r.files} files wait since ${time(r.since)}; put it in a mail slot and press Import.`))));

    const lost = status.lostFiles || [];
    const count = Math.max(status.lostCount ?? lost.length, lost.length);
    const items = lost.map((path) => el('li', { text: path }));
    if (count > lost.length) items.push(el('li', { class: 'none', text: `and ${count - lost.length} more` }));
    this.lost.replaceChildren(...(items.length === 0 ? [el('li', { class: 'none', text: 'None.' })] : items));
  }
}
