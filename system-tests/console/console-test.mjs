// The web console in headless Chromium (issue 14, acceptance 2), run by ConsoleSystemTest against a running pair:
//   1. the console shows the library: every cartridge of the controller's GET /api/v1/library in its element;
//   2. a load clicked in the page moves a cartridge into an empty drive: the map shows it there without a reload, and
//      the controller's GET /api/v1/library agrees;
//   3. files copied into the mount start a migration, and one job's progress bar in the page advances at least twice.
// Every wait has a deadline; no fixed sleeps. Screenshots go to the screenshot directory. Prints one "STEP ..." line per
// step passed and "RESULT {json}" at the end; exits 0 when every step passed, 1 otherwise (the reason on stderr).
//
// Usage: node console-test.mjs --gateway URL --controller URL --mount DIR --source DIR --screenshots DIR
//        [--chromium PATH] [--deadline-seconds N] [--token T]
// With --token (the gateway's OPERATOR_TOKEN), the console must ask for it exactly once, in its dialog.

import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: args } = parseArgs({
  options: {
    gateway: { type: 'string' },
    controller: { type: 'string' },
    mount: { type: 'string' },
    source: { type: 'string' },
    screenshots: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    'deadline-seconds': { type: 'string', default: '30' },
    token: { type: 'string' },
  },
});
for (const required of ['gateway', 'controller', 'mount', 'source', 'screenshots']) {
  if (!args[required]) {
    console.error(`usage: --${required} is required`);
    process.exit(2);
  }
}
const DEADLINE_MS = Number(args['deadline-seconds']) * 1000;
const result = { steps: [] };
const started = Date.now();

function step(name, detail = {}) {
  detail.atMs = Date.now() - started;
  result.steps.push({ name, ...detail });
  console.log(`STEP ${name} ${JSON.stringify(detail)}`);
}

async function controllerLibrary() {
  const response = await fetch(`${args.controller}/api/v1/library`);
  if (!response.ok) throw new Error(`controller GET /api/v1/library answered ${response.status}`);
  return response.json();
}

/** Waits for a promise of playwright's; a failure names what was awaited. */
async function expect(what, promise) {
  try {
    return await promise;
  } catch (e) {
    throw new Error(`${what}: ${e.message.split('\n')[0]}`);
  }
}

async function shot(page, name) {
  const file = path.join(args.screenshots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// Chromium as root needs --no-sandbox; the background-networking flags keep it from calling out of a closed network.
const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let page;
let failed = false;
step('browser-started');
try {
  await mkdir(args.screenshots, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(DEADLINE_MS);
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.error(`page ${m.type()}: ${m.text()}`);
  });
  // counts the openings of the token dialog, from the page's first script on
  await page.addInitScript(() => {
    window.tokenAsked = 0;
    document.addEventListener('DOMContentLoaded', () => {
      const dialog = document.getElementById('token-dialog');
      new MutationObserver(() => {
        if (dialog.open) window.tokenAsked++;
      }).observe(dialog, { attributes: true, attributeFilter: ['open'] });
    });
  });
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });

  // 1. the library as the controller has it
  await page.goto(`${args.gateway}/`);
  if (!page.url().endsWith('/console/')) throw new Error(`GET / led to ${page.url()}, not /console/`);
  if (args.token) {
    await expect('the console asks for the operator token', page.getByLabel('Token', { exact: true }).waitFor());
    await page.getByLabel('Token', { exact: true }).fill(args.token);
    await page.getByRole('button', { name: 'Use this token' }).click();
    step('token-given');
  }
  await expect('the console follows the event stream', page.locator('#connection[data-state="open"]').waitFor());
  const library = await controllerLibrary();
  const elements = [...library.drives, ...library.storageSlots, ...library.importExportSlots].filter((e) => e.full);
  for (const e of elements) {
    await expect(`the map shows ${e.volumeTag} in ${e.type} ${e.number}`,
      page.locator(`li[data-type="${e.type}"][data-number="${e.number}"][data-volume-tag="${e.volumeTag}"]`).waitFor());
  }
  const storageShown = await page.locator('#storage li').count();
  if (storageShown !== library.storageSlots.length) {
    throw new Error(`the map shows ${storageShown} storage slots, the controller has ${library.storageSlots.length}`);
  }
  step('library-shown', { cartridges: elements.map((e) => e.volumeTag), screenshot: await shot(page, '1-library') });

  // 2. a load clicked in the page
  const drive = library.drives.find((d) => !d.full);
  const cartridge = library.storageSlots.find((s) => s.full && !s.cleaning && s.volumeTag);
  if (!drive || !cartridge) throw new Error('the test needs an empty drive and a data cartridge in a storage slot');
  await page.getByLabel('Drive', { exact: true }).selectOption(String(drive.number));
  await page.getByLabel('Cartridge', { exact: true }).selectOption(cartridge.volumeTag);
  const navigationsBefore = navigations;
  const clicked = Date.now();
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(`the map shows ${cartridge.volumeTag} in drive ${drive.number}`,
    page.locator(`#drives li[data-number="${drive.number}"][data-volume-tag="${cartridge.volumeTag}"]`).waitFor());
  const shownAfterMs = Date.now() - clicked;
  if (navigations !== navigationsBefore) throw new Error('the page was reloaded to show the load');
  const after = await controllerLibrary();
  const inDrive = after.drives.find((d) => d.number === drive.number);
  if (!inDrive.full || inDrive.volumeTag !== cartridge.volumeTag) {
    throw new Error(`the controller's drive ${drive.number} holds ${inDrive.volumeTag}, not ${cartridge.volumeTag}`);
  }
  await expect(`the map shows slot ${cartridge.number} empty`,
    page.locator(`#storage li[data-number="${cartridge.number}"]:not([data-volume-tag])`).waitFor());
  step('load-shown', {
    volumeTag: cartridge.volumeTag, drive: drive.number, fromSlot: cartridge.number, shownAfterMs,
    screenshot: await shot(page, '2-loaded'),
  });

  // 3. a migration's progress bar: every value each job's <progress> takes is recorded as the page sets it
  await page.evaluate(() => {
    window.progressSeen = {};
    const record = (bar) => {
      const row = bar.closest('tr[data-job]');
      if (!row || !bar.hasAttribute('value')) return;
      const values = (window.progressSeen[row.dataset.job] ||= { type: row.dataset.type, values: [] }).values;
      const value = Number(bar.getAttribute('value')) / Number(bar.getAttribute('max') || 1);
      if (values[values.length - 1] !== value) values.push(value);
    };
    new MutationObserver((mutations) => {
      for (const m of mutations) {
        if (m.type === 'attributes' && m.target.tagName === 'PROGRESS') record(m.target);
        for (const node of m.addedNodes || []) {
          if (node.querySelectorAll) node.querySelectorAll('progress').forEach(record);
        }
      }
    }).observe(document.getElementById('jobs'), {
      subtree: true, childList: true, attributes: true, attributeFilter: ['value', 'max'],
    });
  });
  const files = (await readdir(args.source)).sort();
  const target = path.join(args.mount, 'console-migration');
  await mkdir(target);
  for (const file of files) {
    await copyFile(path.join(args.source, file), path.join(target, file));
  }
  step('files-written', { files: files.length, into: target });
  // advanced twice: three values in a row, each above the one before, below 1 for the first two (a running job)
  const advancing = await expect('a job\'s progress bar advances twice', page.waitForFunction(() => {
    for (const [job, seen] of Object.entries(window.progressSeen)) {
      const v = seen.values;
      for (let i = 2; i < v.length; i++) {
        if (v[i - 2] < v[i - 1] && v[i - 1] < v[i] && v[i - 1] < 1) {
          return { job, type: seen.type, values: v.slice(0, i + 1) };
        }
      }
    }
    return null;
  }, null, { timeout: DEADLINE_MS, polling: 100 }));
  const progress = await advancing.jsonValue();
  step('progress-advanced', { ...progress, screenshot: await shot(page, '3-progress') });
  await expect(`job ${progress.job} succeeds`,
    page.locator(`tr[data-job="${progress.job}"][data-state="SUCCEEDED"]`).waitFor());
  if (navigations !== navigationsBefore) throw new Error('the page was reloaded during the migration');
  step('migration-done', { job: progress.job, screenshot: await shot(page, '4-migrated') });
  result.navigations = navigations;
  result.tokenAsked = await page.evaluate(() => window.tokenAsked);
  result.tokenKept = await page.evaluate(() => sessionStorage.getItem('tapelib.operatorToken') !== null);
} catch (e) {
  failed = true;
  console.error(`FAILED: ${e.message}`);
  if (page) {
    try {
      console.error(`screenshot of the failure: ${await shot(page, 'failure')}`);
    } catch (ignored) {
      // the page is gone: the error above says why
    }
  }
} finally {
  await browser.close();
}
console.log(`RESULT ${JSON.stringify({ passed: !failed, ...result })}`);
process.exit(failed ? 1 : 0);
