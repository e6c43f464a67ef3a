// The operator's console (issue 14), served by the gateway at /console/: it uses only the gateway's REST API and its
// event stream (docs/operator-api.md). The library map, the jobs and the status follow the stream; the cartridges'
// fill is read again (GET /api/v1/tapes) when the library changes or a job ends, since the stream does not carry it.

import { Api } from './api.js';
import { EventFeed } from './events.js';
import { LibraryMap } from './library-map.js';
import { JobList } from './jobs.js';
import { TapeTable } from './tapes.js';
import { StatusPanel } from './status.js';

/** Coalesces the reads of GET /tapes that many events in a row would cause. */
const TAPES_REFRESH_DELAY_MS = 500;

class Console {
  constructor(root) {
    this.api = new Api(root.getElementById('token-dialog'));
    this.connection = root.getElementById('connection');
    this.result = root.getElementById('action-result');
    this.map = new LibraryMap(root, (drive, button) => this.unload(drive, button));
    this.jobs = new JobList(root);
    this.tapes = new TapeTable(root, {
      exportTape: (tag, button) => this.exportTape(tag, button),
      reclaim: (tag, button) => this.reclaim(tag, button),
    }, (tag) => this.map.locate(tag));
    this.status = new StatusPanel(root);
    this.tapesTimer = null;
    root.getElementById('load-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.load(e.submitter || root.getElementById('load-button'));
    });
    root.getElementById('import-button').addEventListener('click', (e) => this.importCartridges(e.currentTarget));
    this.loadDrive = root.getElementById('load-drive');
    this.loadTape = root.getElementById('load-tape');
  }

  start() {
    this.feed = new EventFeed(this.api, {
      onEvent: (type, data) => this.onEvent(type, data),
      onState: (state, detail) => this.showConnection(state, detail),
      // the first stream opens right after start()'s reads; a later one follows a gap that events may have fallen in
      onOpen: () => {
        if (this.opened++ > 0) this.refreshAll();
      },
    });
    this.opened = 0;
    this.refreshAll();
    this.feed.start();
  }

  showConnection(state, detail) {
    this.connection.dataset.state = state;
    this.connection.textContent = {
      open: 'Live: following the gateway’s events.',
      waiting: `Not live: ${detail}`,
      token: 'Waiting for the operator token…',
    }[state] || state;
  }

  onEvent(type, data) {
    switch (type) {
      case 'library':
        this.map.render(data);
        this.refreshTapesSoon();
        break;
      case 'job':
        if (this.jobs.update('controller', data)) this.refreshTapesSoon();
        break;
      case 'gateway-job':
        if (this.jobs.update('gateway', data)) this.refreshTapesSoon();
        break;
      case 'status':
        this.status.render(data);
        break;
      default:
        break;
    }
  }

  /** Everything read afresh (at start and after every reconnect, so nothing missed while away stays stale). */
  refreshAll() {
    this.read('/library', (library) => this.map.render(library), (e) => this.map.showNote(`The library map is not available: ${e.message}`));
    this.read('/status', (status) => this.status.render(status));
    this.read('/controller/jobs?limit=50', (jobs) => this.jobs.replaceAll('controller', jobs));
    this.read('/jobs?limit=50', (answer) => this.jobs.replaceAll('gateway', answer.jobs || []));
    this.refreshTapes();
  }

  refreshTapes() {
    this.read('/tapes', (answer) => this.tapes.render(answer.tapes || []),
      (e) => this.tapes.showError(`The cartridges are not available: ${e.message}`));
  }

  refreshTapesSoon() {
    clearTimeout(this.tapesTimer);
    this.tapesTimer = setTimeout(() => this.refreshTapes(), TAPES_REFRESH_DELAY_MS);
  }

  read(path, show, failed) {
    this.api.get(path).then(show).catch((e) => {
      console.warn('GET', path, 'failed:', e.message);
      if (failed) failed(e);
    });
  }

  load(button) {
    const drive = this.loadDrive.value;
    const volumeTag = this.loadTape.value;
    if (drive === '' || volumeTag === '') {
      this.report('Choose a drive and a cartridge to load.');
      return;
    }
    this.act(button, `Loading ${volumeTag} into drive ${drive}`,
      () => this.api.post(`/drives/${encodeURIComponent(drive)}/load`, { volumeTag }));
  }

  unload(drive, button) {
    this.act(button, `Unloading drive ${drive}`, () => this.api.post(`/drives/${encodeURIComponent(drive)}/unload`, {}));
  }

  importCartridges(button) {
    this.act(button, 'Importing from the mail slots', () => this.api.post('/import', {}));
  }

  exportTape(tag, button) {
    if (!window.confirm(`Export ${tag} to a mail slot? Its files stay listed but are offline until it is imported.`)) return;
    this.act(button, `Exporting ${tag}`, () => this.api.post(`/tapes/${encodeURIComponent(tag)}/export`, {}));
  }

  reclaim(tag, button) {
    if (!window.confirm(`Reclaim ${tag}? Its live files are copied to other cartridges, then it is formatted.`)) return;
    this.act(button, `Reclaim of ${tag}`, () => this.api.post(`/tapes/${encodeURIComponent(tag)}/reclaim`));
  }

  /** Runs one operator request with its button disabled, and says how it went. */
  async act(button, what, request) {
    button.disabled = true;
    this.report(`${what}…`);
    try {
      const answer = await request();
      const job = answer && answer.type && answer.state ? ` (${answer.type} job ${answer.id}: ${answer.state.toLowerCase()})` : '';
      this.report(`${what}: accepted${job}.`);
    } catch (e) {
      this.report(`${what} failed: ${e.message}`, true);
    } finally {
      button.disabled = false;
    }
  }

  report(text, error = false) {
    this.result.textContent = text;
    this.result.classList.toggle('error', error);
  }
}

new Console(document).start();
