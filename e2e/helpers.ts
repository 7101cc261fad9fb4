import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, chromium as baseChromium, expect, type BrowserContext, type BrowserType, type ConsoleMessage, type Page } from '@playwright/test';

export const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// Page errors: every test fails on an uncaught page error or a console.error.
//
// Specs import `test` and `expect` from here, not from '@playwright/test'. An automatic fixture
// watches every page of the test's browser context (the `page` fixture, pages the test opens with
// `context.newPage()`, popups) and every page of a browser the test launches itself through the
// `chromium` exported here. Dedicated workers are covered too: Chromium reports their console
// messages and uncaught errors on the page that started them. Once the test is over, anything
// collected that no allow-list matches fails it, with the messages listed.
//
// A test that provokes an error on purpose declares it, as narrowly as it can, with a comment why:
//   test.use({ allowedConsoleErrors: [/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/] });
// (for a file or a describe block), or, for one test, `allowConsoleErrors(page, /…/, /…/)`.
// Careful: test.use() reads a two-element array as [value, options], so several patterns there
// are written `allowedConsoleErrors: [[/a/, /b/], { scope: 'test' }]` (the fixture throws otherwise).
// A pattern is matched against the message text (console) or `name: message` (page errors).
// ---------------------------------------------------------------------------------------------

/** One error seen in a page: an uncaught exception or a console message of type 'error'. */
export interface PageProblem {
  kind: 'pageerror' | 'console.error';
  text: string;
  /** Where it came from: the script or resource URL (with line), or the page's URL. */
  where: string;
}

class ErrorGuard {
  readonly problems: PageProblem[] = [];
  readonly allowed: RegExp[];
  private readonly pages = new WeakSet<Page>();
  private readonly contexts = new WeakSet<BrowserContext>();

  constructor(allowed: readonly RegExp[]) {
    this.allowed = [...allowed];
  }

  watchContext(context: BrowserContext): void {
    if (this.contexts.has(context)) return;
    this.contexts.add(context);
    guards.set(context, this);
    for (const page of context.pages()) this.watchPage(page);
    context.on('page', (page) => this.watchPage(page));
  }

  watchPage(page: Page): void {
    if (this.pages.has(page)) return;
    this.pages.add(page);
    page.on('pageerror', (error) => {
      const firstFrame = error.stack?.split('\n').find((line) => line.trim().startsWith('at '))?.trim();
      this.problems.push({ kind: 'pageerror', text: `${error.name}: ${error.message}`, where: firstFrame ?? safeUrl(page) });
    });
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error') return;
      const { url, lineNumber } = message.location();
      this.problems.push({ kind: 'console.error', text: message.text(), where: url ? `${url}:${lineNumber + 1}` : safeUrl(page) });
    });
  }

  /** The problems no allow-list pattern matches. */
  unexpected(): PageProblem[] {
    return this.problems.filter((problem) => !this.allowed.some((pattern) => matches(pattern, problem.text)));
  }

  /** Throws listing the unexpected problems (each distinct one once, with its count). */
  check(): void {
    const unexpected = this.unexpected();
    if (unexpected.length === 0) return;
    const counted = new Map<string, number>();
    for (const problem of unexpected) {
      const line = `[${problem.kind}] ${truncate(problem.text, 600)}  (${problem.where})`;
      counted.set(line, (counted.get(line) ?? 0) + 1);
    }
    const lines = [...counted].slice(0, 30).map(([line, count]) => `  - ${line}${count > 1 ? `  ×${count}` : ''}`);
    if (counted.size > 30) lines.push(`  … and ${counted.size - 30} more distinct messages`);
    throw new Error(
      `The page logged ${unexpected.length} unexpected error(s) during the test ` +
        `(allow expected ones with test.use({ allowedConsoleErrors: [...] }) or allowConsoleErrors(page, ...)):\n${lines.join('\n')}`,
    );
  }
}

function matches(pattern: RegExp, text: string): boolean {
  // A /g or /y pattern keeps state between calls to test(); match from the start every time.
  pattern.lastIndex = 0;
  return pattern.test(text);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function safeUrl(page: Page): string {
  try {
    return page.url();
  } catch {
    return '(closed page)';
  }
}

/** The guard of each watched context, for allowConsoleErrors(page). */
const guards = new WeakMap<BrowserContext, ErrorGuard>();
/** The guard of the running test (tests run one at a time in a worker process). */
let currentGuard: ErrorGuard | undefined;

/**
 * Allows errors matching `patterns` in the current test, which owns `page` (whenever they were
 * logged: the check runs after the test). Keep patterns narrow and say why in a comment next to the call.
 */
export function allowConsoleErrors(page: Page, ...patterns: RegExp[]): void {
  const guard = guards.get(page.context()) ?? currentGuard;
  if (!guard) throw new Error('allowConsoleErrors: call it inside a test that uses the test exported by e2e/helpers.ts');
  guard.allowed.push(...patterns);
}

export interface ErrorGuardOptions {
  /** Patterns of console errors and page errors this test expects; each should be narrow and commented. */
  allowedConsoleErrors: RegExp[];
}

interface ErrorGuardFixtures extends ErrorGuardOptions {
  /** Automatic: collects page errors and console errors, fails the test when it ends if any is unexpected. */
  pageErrorGuard: ErrorGuard;
}

export const test = base.extend<ErrorGuardFixtures>({
  allowedConsoleErrors: [[], { option: true }],
  pageErrorGuard: [
    async ({ allowedConsoleErrors }, use) => {
      if (!Array.isArray(allowedConsoleErrors)) {
        // test.use() reads `[a, b]` as a fixture tuple [value, options]: `b` is lost silently.
        throw new Error(
          'allowedConsoleErrors must be an array. Playwright reads test.use({ allowedConsoleErrors: [/a/, /b/] }) as [value, options]; ' +
            'write several patterns as [[/a/, /b/], { scope: "test" }], or as one pattern [/a|b/], or use allowConsoleErrors(page, /a/, /b/) in the test.',
        );
      }
      const guard = new ErrorGuard(allowedConsoleErrors);
      currentGuard = guard;
      try {
        await use(guard);
      } finally {
        if (currentGuard === guard) currentGuard = undefined;
      }
      // Fixtures that depend on the guard (context, page) are torn down by now: every message is in.
      guard.check();
    },
    { auto: true },
  ],
  context: async ({ context, pageErrorGuard }, use) => {
    pageErrorGuard.watchContext(context);
    await use(context);
  },
});

export { expect };

/**
 * Playwright's chromium, whose launched browsers are watched by the running test's error guard
 * (for tests that need their own browser: other switches, a fake camera).
 */
export const chromium: BrowserType = new Proxy(baseChromium, {
  get(target, property) {
    if (property === 'launch') {
      return async (...args: Parameters<BrowserType['launch']>) => {
        const browser = await target.launch(...args);
        const guard = currentGuard;
        if (guard) browser.on('context', (context) => guard.watchContext(context));
        return browser;
      };
    }
    const value: unknown = Reflect.get(target, property, target);
    return typeof value === 'function' ? value.bind(target) : value;
  },
});

export interface FixturePhoto {
  file: string;
  faces: number;
  path: string;
}

/** The photos of e2e/fixtures/photos with their true face counts (MANIFEST.tsv). */
export function fixturePhotos(): FixturePhoto[] {
  const [header, ...rows] = readFileSync(join(fixtures, 'photos', 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const columns = header!.split('\t');
  return rows.map((row) => {
    const cells = row.split('\t');
    const file = cells[columns.indexOf('file')]!;
    return { file, faces: Number(cells[columns.indexOf('faces')]), path: join(fixtures, 'photos', file) };
  });
}

export function mimeOf(path: string): string {
  const ext = path.split('.').pop()!.toLowerCase();
  return (
    { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf', heic: 'image/heic', txt: 'text/plain', json: 'application/json' }[ext] ?? ''
  );
}

/**
 * Opens the app and waits until it has rendered: the file input exists. (A data-testid, not the
 * drop zone's wording, so that UI copy can change without breaking every test.)
 */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('file-input')).toBeAttached();
}

/** Drops a file on the drop zone with a real DataTransfer, as a drag from the desktop does. */
export async function dropFile(page: Page, path: string): Promise<void> {
  const bytes = readFileSync(path).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ({ bytes, name, type }) => {
      const raw = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([raw], name, { type }));
      return transfer;
    },
    { bytes, name: basename(path), type: mimeOf(path) },
  );
  // By test id, not by its (translated) name: the drop works the same in every language.
  const zone = page.getByTestId('dropzone');
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

export async function chooseFile(page: Page, path: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(path);
}

/** Waits until the app has finished with the photo: faces listed, or a message shown. */
export async function waitUntilSettled(page: Page): Promise<void> {
  await expect(page.getByTestId('status').or(page.getByTestId('notice-error'))).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 90_000 });
}

// ---------------------------------------------------------------------------------------------
// Accessibility: axe-core (devDependency) run in the page.
// ---------------------------------------------------------------------------------------------

const axeSource = (() => {
  let source: string | undefined;
  return () => (source ??= readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
})();

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Violations of impact 'serious' or 'critical' that axe-core finds in the page as it is now. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the app's CSP (rightly) refuses an inline <script>.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
      id,
      impact,
      help,
      helpUrl,
      nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Fails (softly: the test goes on) listing every serious or critical axe-core violation in the page. */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  const report = violations
    .map(
      (violation) =>
        `- [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n` +
        violation.nodes
          .map((node) => `    ${node.target.map((part) => (Array.isArray(part) ? part.join(' >> ') : String(part))).join(' >>> ')}${node.failureSummary ? `\n      ${node.failureSummary.replaceAll('\n', '\n      ')}` : ''}`)
          .join('\n'),
    )
    .join('\n');
  expect.soft(violations.length, `${label}: serious or critical accessibility violations (axe-core)\n${report}`).toBe(0);
}

/** Saves the animation as an MP4 through the Save step (as a user does) to `file`; ffprobe's view of its streams. */
export async function saveMp4(page: Page, file: string): Promise<{ video: Record<string, string | number>; audio?: Record<string, string | number> }> {
  await page.getByTestId('export').getByLabel('MP4').check();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 240_000 }), page.getByTestId('export-make').click()]);
  await download.saveAs(file);
  const { streams } = JSON.parse(spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-of', 'json', file], { encoding: 'utf8' }).stdout) as {
    streams: Record<string, string | number>[];
  };
  return { video: streams.find((s) => s.codec_type === 'video')!, audio: streams.find((s) => s.codec_type === 'audio') };
}
