import { defineConfig } from '@playwright/test';
import { launchOptions } from './support/browsers';

// One fresh session-server per run (global-setup.ts) serving the release build in ../dist.
// Tests drive two separate Chromium browsers, so they run one at a time on this 2-core box.
export default defineConfig({
  testDir: './tests',
  globalSetup: require.resolve('./global-setup'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL: process.env.E2E_BASE_URL,
    launchOptions,
    viewport: { width: 420, height: 820 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
