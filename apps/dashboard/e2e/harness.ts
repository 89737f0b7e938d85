import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { createServer } from '@liveprop/server';

const here = dirname(fileURLToPath(import.meta.url));
export const DASHBOARD_DIST = resolve(here, '../dist');
export const SCREENSHOT_DIR = resolve(here, '../screenshots');

/** Headless system Chromium, as DEVELOPERS.md and CI set it up. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh 1280×800 browser context and its page; waits give up after 15 s. */
export async function openDesktopPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** A real liveprop server on an ephemeral port with a throwaway data directory, serving the built dashboard. */
export async function startServer(options: { maxWorkers?: number } = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'liveprop-e2e-'));
  process.env.LOG_LEVEL ??= 'warn';
  const server = await createServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    dashboardDir: DASHBOARD_DIST,
    ...options,
  });
  return {
    url: server.url,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Returns a function that saves numbered full-page screenshots `<prefix>-NN-<name>.png` under apps/dashboard/screenshots/ (git-ignored). */
export function screenshotter(prefix: string): (page: Page, name: string) => Promise<string> {
  let shot = 0;
  return async (page, name) => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    if (shot === 0) {
      for (const old of await readdir(SCREENSHOT_DIR)) if (old.startsWith(`${prefix}-`)) await rm(join(SCREENSHOT_DIR, old));
    }
    shot++;
    const path = join(SCREENSHOT_DIR, `${prefix}-${String(shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  };
}

/** Text of a `data-testid` element. */
export async function testIdText(page: Page, id: string): Promise<string> {
  return (await page.getByTestId(id).textContent())?.trim() ?? '';
}

/** The epoch counter as a number. */
export async function readEpoch(page: Page): Promise<number> {
  return Number(await testIdText(page, 'epoch'));
}

/** What a browser suite drives: a server, Chromium and one 1280×800 page. */
export interface DesktopSuite {
  server: RunningServer;
  browser: Browser;
  page: Page;
}

/** What a suite sets up on its server before the browser opens (sessions, sockets); answers what to close after. */
export type SuiteSetup = (server: RunningServer) => Promise<() => void>;

/**
 * Starts a server (with `maxWorkers`, then `setup`), Chromium and a desktop page before the suite's tests and closes
 * them after; read it inside tests.
 */
export function desktopSuite(options: { maxWorkers?: number; setup?: SuiteSetup } = {}): DesktopSuite {
  const suite = {} as DesktopSuite;
  let teardown: (() => void) | undefined;
  beforeAll(async () => {
    suite.server = await startServer(options.maxWorkers === undefined ? {} : { maxWorkers: options.maxWorkers });
    teardown = await options.setup?.(suite.server);
    suite.browser = await launchChromium();
    suite.page = await openDesktopPage(suite.browser);
  }, 240_000);
  afterAll(async () => {
    teardown?.();
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

/** Creates a session of `preset` from the lobby form, as a user would, and waits on its edit page. */
export async function createPresetSession(page: Page, serverUrl: string, preset: string): Promise<void> {
  await page.goto(serverUrl);
  await page.getByTestId('preset').selectOption(preset);
  await page.getByTestId('new-session').click();
  await page.waitForURL(/\/s\/[^/#]+#edit=.+/);
}

/** Creates a session over REST; answers its id and edit token. */
export async function createSession(server: RunningServer, body: unknown): Promise<{ id: string; editToken: string }> {
  const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`POST /api/sessions answered ${res.status}: ${await res.text()}`);
  const created = (await res.json()) as { id: string; editUrl: string };
  return { id: created.id, editToken: created.editUrl.split('#edit=')[1]! };
}

/** A raw socket joined to a session as its editor, for setting up what a page then shows. */
export interface EditorSocket {
  send(frame: unknown): void;
  /** Resolves with the first text frame received that matches `pattern`. */
  until(pattern: RegExp): Promise<string>;
  close(): void;
}

/** Joins session `id` as its editor over a raw socket; resolves once its `sessionState` arrived. */
export async function editorSocket(server: RunningServer, id: string, editToken: string): Promise<EditorSocket> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  const texts: string[] = [];
  const waiting = new Set<() => void>();
  ws.on('message', (data, binary) => {
    if (binary) return;
    texts.push(data.toString());
    for (const wake of [...waiting]) wake();
  });
  const send = (frame: unknown): void => ws.send(JSON.stringify(frame));
  send({ type: 'hello', protocol: 1 });
  send({ type: 'join', sessionId: id, editToken });
  const until = (pattern: RegExp): Promise<string> =>
    new Promise((resolve) => {
      const check = (): void => {
        const found = texts.find((t) => pattern.test(t));
        if (found === undefined) return;
        waiting.delete(check);
        resolve(found);
      };
      waiting.add(check);
      check();
    });
  await until(/"type":"sessionState"/);
  return { send, until, close: () => ws.close() };
}
