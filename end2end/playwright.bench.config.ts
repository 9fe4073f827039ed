import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Measurements, not tests: `npx playwright test -c playwright.bench.config.ts`.
export default defineConfig({ ...base, testDir: './bench', timeout: 180_000 });
