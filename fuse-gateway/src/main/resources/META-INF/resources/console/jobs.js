// The job list: the controller's jobs (LOAD, MIGRATE, RECALL, ...; JobView, "event: job") and the gateway's own
// (WRITE_BACK, RECALL, REBUILD, RECLAIM; GatewayJob, "event: gateway-job"), running and queued ones first. Rows are
// keyed and updated in place, so a job's <progress> element stays the same while its value moves.
//
// The controller's MIGRATE job counts the bytes of the files it has put on tape but knows no total: the gateway sends
// the batch as a stream. The gateway's WRITE_BACK job of that batch knows the batch's bytes; while both run, the
// MIGRATE job's bar takes that total (paired by volume tag, or as the only running pair when the gateway has not named
// the cartridge yet), and keeps it once paired.

import { bytes, el, time } from './format.js';

/** Rows shown at most: every running or queued job, then the latest ended ones up to this count. */
const MAX_ROWS = 30;
/** Jobs remembered per source; older ended ones are forgotten. */
const MAX_KEPT = 200;

export class JobList {
  constructor(root) {
    this.body = root.getElementById('jobs');
    this.empty = root.getElementById('jobs-empty');
    this.jobs = new Map();
    this.rows = new Map();
    /** Controller MIGRATE job key to the bytes of the gateway's batch it writes. */
    this.batchBytes = new Map();
  }

  /** Replaces what is known of one source's jobs (after a connect), then shows. */
  replaceAll(source, jobs) {
    for (const key of [...this.jobs.keys()]) {
      if (key.startsWith(source + '-')) this.jobs.delete(key);
    }
    for (const job of jobs) this.jobs.set(`${source}-${job.id}`, { source, ...job });
    this.render();
  }

  /** One job changed ("event: job" or "event: gateway-job"). Returns true when it has ended. */
  update(source, job) {
    this.jobs.set(`${source}-${job.id}`, { source, ...job });
    this.forgetOld(source);
    this.render();
    return job.state === 'SUCCEEDED' || job.state === 'FAILED';
  }

  forgetOld(source) {
    const ended = [...this.jobs.entries()]
      .filter(([key, job]) => key.startsWith(source + '-') && !running(job))
      .sort((a, b) => b[1].id - a[1].id);
    for (const [key] of ended.slice(MAX_KEPT)) this.jobs.delete(key);
  }

  /** Pairs running controller MIGRATE jobs that know no total with the running WRITE_BACK job of their batch. */
  pairMigrations() {
    const running = [...this.jobs.entries()].filter(([, j]) => j.state === 'RUNNING');
    const migrations = running.filter(([key, j]) => j.source === 'controller' && j.type === 'MIGRATE'
      && !(j.totalBytes > 0) && !this.batchBytes.has(key));
    const writeBacks = running.filter(([, j]) => j.source === 'gateway' && j.type === 'WRITE_BACK' && j.totalBytes > 0);
    for (const [key, migration] of migrations) {
      let batch = writeBacks.filter(([, w]) => migration.volumeTag && w.volumeTag === migration.volumeTag);
      if (batch.length === 0 && writeBacks.length === 1 && migrations.length === 1 && !writeBacks[0][1].volumeTag) {
        batch = writeBacks;
      }
      if (batch.length === 1) this.batchBytes.set(key, batch[0][1].totalBytes);
    }
    for (const key of [...this.batchBytes.keys()]) {
      if (!this.jobs.has(key)) this.batchBytes.delete(key);
    }
  }

  render() {
    this.pairMigrations();
    const all = [...this.jobs.entries()];
    const active = all.filter(([, j]) => running(j)).sort(newestFirst);
    const ended = all.filter(([, j]) => !running(j)).sort(newestFirst);
    const shown = active.concat(ended.slice(0, Math.max(0, MAX_ROWS - active.length)));
    const keys = new Set(shown.map(([key]) => key));
    for (const [key, row] of this.rows) {
      if (!keys.has(key)) {
        row.remove();
        this.rows.delete(key);
      }
    }
    for (const [key, job] of shown) {
      let row = this.rows.get(key);
      if (!row) {
        row = newRow(key, job);
        this.rows.set(key, row);
      }
      fill(row, job, this.batchBytes.get(key));
      this.body.append(row); // moves an existing row into order; the <progress> inside stays the same element
    }
    this.empty.hidden = shown.length > 0;
  }
}

function running(job) {
  return job.state === 'RUNNING' || job.state === 'QUEUED';
}

/** By submission time, newest first (ms precision; ids break ties within a source). */
function newestFirst(a, b) {
  return (Date.parse(b[1].submitted) || 0) - (Date.parse(a[1].submitted) || 0) || b[1].id - a[1].id;
}

function newRow(key, job) {
  const label = `${job.type} job ${job.id} (${job.source})`;
  return el('tr', { 'data-job': key, 'data-source': job.source, 'data-type': job.type },
    el('th', { scope: 'row' },
      el('span', { class: 'job-type', text: job.type }),
      el('span', { class: 'job-id', text: ` #${job.id}` }),
      el('span', { class: 'job-source', text: job.source === 'gateway' ? 'gateway' : 'controller' }),
      el('div', { class: 'job-subject' })),
    el('td', { class: 'job-tape' }),
    el('td', { class: 'job-state' }),
    el('td', { class: 'job-progress' },
      el('progress', { 'aria-label': `${label} progress` }),
      el('span', { class: 'progress-text' })));
}

/**
 * Progress of a job: bytes of the total when the total is known (for a controller MIGRATE, the gateway batch's bytes
 * when it was paired), else files of the total, else indeterminate while it runs (a LOAD reports no total) and full
 * once it succeeded.
 */
function fill(row, job, batchBytes) {
  row.dataset.state = job.state;
  row.querySelector('.job-subject').textContent = job.subject || job.detail || job.error || '';
  row.querySelector('.job-tape').textContent = job.volumeTag || (job.drive >= 0 ? `drive ${job.drive}` : '');
  const state = row.querySelector('.job-state');
  state.textContent = job.state.toLowerCase();
  state.title = job.error ? job.error : time(job.finished || job.started || job.submitted);
  const progress = row.querySelector('progress');
  const text = row.querySelector('.progress-text');
  if (job.totalBytes > 0) {
    setProgress(progress, Math.min(job.bytes, job.totalBytes), job.totalBytes);
    text.textContent = `${bytes(job.bytes)} of ${bytes(job.totalBytes)}`;
  } else if (batchBytes > 0) {
    setProgress(progress, Math.min(job.bytes, batchBytes), batchBytes);
    text.textContent = `${bytes(job.bytes)} of ${bytes(batchBytes)} (the gateway's batch)`;
  } else if (job.totalFiles > 0) {
    setProgress(progress, Math.min(job.files, job.totalFiles), job.totalFiles);
    text.textContent = `${job.files} of ${job.totalFiles} files`;
  } else if (job.state === 'SUCCEEDED') {
    setProgress(progress, 1, 1);
    text.textContent = job.bytes > 0 ? bytes(job.bytes) : 'done';
  } else if (job.state === 'FAILED') {
    setProgress(progress, 0, 1);
    text.textContent = 'failed';
  } else {
    progress.removeAttribute('value');
    text.textContent = job.bytes > 0 ? bytes(job.bytes) : (job.state === 'QUEUED' ? 'waiting' : 'running');
  }
}

function setProgress(progress, value, max) {
  if (progress.getAttribute('max') !== String(max)) progress.setAttribute('max', String(max));
  if (progress.getAttribute('value') !== String(value)) progress.setAttribute('value', String(value));
}
