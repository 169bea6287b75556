/**
 * Options shared by the browser runners (`npm run cases`, `npm run pages:check`):
 * `--browser=chromium|firefox|both` (default both), `--only=a,b`, `--report-only`,
 * `--chromium-ext DIR` / `--firefox-ext DIR` (another build to load). `--name value` and
 * `--name=value` both work. Exits the process with code 2 on a bad `--browser`.
 */
import { resolve } from 'node:path';
import type { BrowserName } from './browsers';

/** The parsed common options, plus `value(name)` for a runner's own options. */
export interface RunnerOptions {
  browsers: BrowserName[];
  only: string[] | null;
  reportOnly: boolean;
  ext: Partial<Record<BrowserName, string>>;
  /** The value of `--name` (`--name=v` or `--name v`), or null when absent. */
  value: (name: string) => string | null;
}

/** Parses the common runner options from `argv` (process.argv.slice(2)). */
export function parseRunnerOptions(argv: string[]): RunnerOptions {
  const value = (name: string): string | null => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return null;
    const a = argv[i] ?? '';
    return a.includes('=') ? a.slice(a.indexOf('=') + 1) : (argv[i + 1] ?? null);
  };
  const browser = value('browser') ?? 'both';
  if (!['chromium', 'firefox', 'both'].includes(browser)) {
    console.error(`--browser must be chromium, firefox or both (got ${browser})`);
    process.exit(2);
  }
  const ext: Partial<Record<BrowserName, string>> = {};
  const chromiumExt = value('chromium-ext');
  const firefoxExt = value('firefox-ext');
  if (chromiumExt) ext.chromium = resolve(chromiumExt);
  if (firefoxExt) ext.firefox = resolve(firefoxExt);
  const only = value('only');
  return {
    browsers: browser === 'both' ? ['chromium', 'firefox'] : [browser as BrowserName],
    only: only ? only.split(',').map((s) => s.trim()).filter(Boolean) : null,
    reportOnly: argv.includes('--report-only'),
    ext,
    value,
  };
}
