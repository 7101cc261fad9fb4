import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumExecutablePath } from './cli/browser.ts';

/** e2e runs against the already built dist/ (`npm test` builds before `playwright test`). */
// Parallel checkouts on one machine each pick their own port.
const PORT = Number(process.env.KINORA_E2E_PORT ?? 4321);
const BASE_URL = `http://127.0.0.1:${PORT}/`;
const REPO_ROOT = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  testDir: 'e2e',
  // Detection in headless Chromium on 2 cores is slow.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 2,
  retries: 0,
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    headless: true,
    // Same executable and switches as the `kinora` CLI and the bench (cli/browser.ts).
    launchOptions: { executablePath: chromiumExecutablePath(), args: chromiumArgs() },
    trace: 'off',
    screenshot: 'off',
    video: 'off',
    // No service worker unless a test asks for one (e2e/offline.spec.ts): every test is a first visit.
    serviceWorkers: 'block',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  webServer: {
    command: `npx tsx cli/main.ts serve --port ${PORT}`,
    cwd: REPO_ROOT,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
