/**
 * `npm run zip:check [-- --rebuild]`: makes the store packages twice and checks them.
 *
 * 1. Reproducible: runs WXT's zip (the same config as `npm run zip`: Chrome zip, Firefox zip,
 *    sources zip) twice, each into its own temporary directory (so `.output/`, which other
 *    tools read, is left alone), and compares every zip entry by name and SHA-256 of its bytes.
 *    The zip files' own bytes differ only by the modification time WXT (JSZip) stamps on each
 *    entry; the check confirms that too.
 * 2. Manifests: each extension zip's manifest (version from package.json, default locale and
 *    `__MSG_*__` entries present in its `_locales`, `storage` as the only permission, the
 *    `connect-src 'none'` CSP, minimum browser versions, Firefox id and data-collection
 *    declaration, icons at 16/32/48/96/128 px that exist and have that size, every file it
 *    names present in the zip).
 * 3. Sources zip: holds what a reviewer needs to rebuild and nothing from node_modules,
 *    .output, tests or docs.
 * 4. `--rebuild`: unpacks the sources zip in a temporary directory, runs `npm ci && npm run
 *    build` as an AMO reviewer would, and compares the rebuilt files with the extension zips.
 *
 * Prints one line per zip (name, size, entries, digest) and exits 1 listing every problem.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import sharp from 'sharp';
import { zip } from 'wxt';
import { GECKO_ID } from '../wxt.config';

const root = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const rebuild = process.argv.includes('--rebuild');
const problems: string[] = [];
const fail = (where: string, message: string) => problems.push(`${where}: ${message}`);

const ICON_SIZES = [16, 32, 48, 96, 128];
const MIN_CHROME = '131';
const MIN_FIREFOX = '140.0';
const MIN_FIREFOX_ANDROID = '142.0';
/** What a reviewer needs to run `npm ci && npm run build` (files, or folders ending in /). */
const SOURCES_REQUIRED = [
  'package.json',
  'package-lock.json',
  'wxt.config.ts',
  'tsconfig.json',
  'README.md',
  'entrypoints/',
  'components/',
  'core/',
  'scanner/',
  'data/',
  'messaging/',
  'settings/',
  'public/',
  'scripts/check-pack.ts',
];
/** What the sources zip must not hold. */
const SOURCES_FORBIDDEN = [/(^|\/)node_modules\//, /^\.output\//, /^\.wxt\//, /^tests\//, /^docs\//, /(^|\/)\.[^/]+/, /\.(test|spec)\.[cm]?[jt]sx?$/];

type Kind = 'chrome' | 'firefox' | 'sources';
interface Entry {
  name: string;
  sha256: string;
  bytes: Buffer;
  date: Date;
}
interface ZipInfo {
  file: string;
  size: number;
  entries: Entry[];
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The files of a zip in archive order, with their bytes (directories skipped). */
async function readZip(file: string): Promise<ZipInfo> {
  const archive = await JSZip.loadAsync(readFileSync(file));
  const entries: Entry[] = [];
  for (const item of Object.values(archive.files)) {
    if (item.dir) continue;
    const bytes = await item.async('nodebuffer');
    entries.push({ name: item.name, sha256: sha256(bytes), bytes, date: item.date });
  }
  return { file, size: statSync(file).size, entries };
}

/** Runs WXT's zip for both browsers into `outDir`; returns the three zips by kind. */
async function makeZips(outDir: string): Promise<Record<Kind, string>> {
  const made: string[] = [];
  // Same as `npm run zip` (`wxt zip && wxt zip -b firefox`), but into outDir.
  for (const browser of ['chrome', 'firefox'] as const) {
    made.push(...(await zip({ root, browser, outDir, logger: quietLogger })));
  }
  const pick = (suffix: string) => {
    const found = made.find((f) => f.endsWith(`-${suffix}.zip`));
    if (!found) throw new Error(`no *-${suffix}.zip among ${made.map((f) => basename(f)).join(', ')}`);
    return found;
  };
  return { chrome: pick('chrome'), firefox: pick('firefox'), sources: pick('sources') };
}

/** WXT's logger with info and success lines dropped (warnings and errors still print). */
const quietLogger = new Proxy(console, {
  get: (target, key: string) =>
    ['info', 'success', 'log', 'debug', 'start', 'box'].includes(key) ? () => undefined : (target as never)[key] ?? (() => undefined),
}) as unknown as NonNullable<Parameters<typeof zip>[0]>['logger'];

/** Compares two runs' zips: same names in the same order, same bytes per entry. */
function compareRuns(kind: Kind, a: ZipInfo, b: ZipInfo): void {
  const where = `${kind} zip`;
  const mapA = new Map(a.entries.map((e) => [e.name, e.sha256]));
  const mapB = new Map(b.entries.map((e) => [e.name, e.sha256]));
  for (const [name, hash] of mapA) {
    if (!mapB.has(name)) fail(where, `${name} only in run 1`);
    else if (mapB.get(name) !== hash) fail(where, `${name} differs between runs`);
  }
  for (const name of mapB.keys()) if (!mapA.has(name)) fail(where, `${name} only in run 2`);
  const order = (z: ZipInfo) => z.entries.map((e) => e.name);
  if (order(a).join('\n') !== order(b).join('\n')) fail(where, 'entries are in a different order in the two runs');
  if (order(a).join('\n') !== [...order(a)].sort().join('\n')) fail(where, 'entries are not sorted by name');
}

/**
 * True when the two zip files differ only in entry timestamps: rewrite run 2's local and central
 * DOS date/time fields with run 1's and compare bytes. Uses JSZip's parsed dates to confirm the
 * entries agree on everything else; the byte patch relies on identical lengths (same names,
 * same compressed sizes), which the entry comparison already ensures.
 */
function differsOnlyInTimestamps(fileA: string, fileB: string): boolean {
  const a = readFileSync(fileA);
  const b = Buffer.from(readFileSync(fileB));
  if (a.length !== b.length) return false;
  // Local file header (PK\3\4): time at +10, date at +12. Central header (PK\1\2): +12, +14.
  const patch = (signature: number, offset: number) => {
    for (let i = 0; i + offset + 4 <= a.length; i++) {
      if (a.readUInt32LE(i) === signature && b.readUInt32LE(i) === signature) a.copy(b, i + offset, i + offset, i + offset + 4);
    }
  };
  patch(0x04034b50, 10);
  patch(0x02014b50, 12);
  return a.equals(b);
}

const isMsg = (value: unknown) => typeof value === 'string' && /^__MSG_\w+__$/.test(value);

/** Checks one extension zip's manifest and the files it names. */
async function checkManifest(kind: 'chrome' | 'firefox', info: ZipInfo): Promise<void> {
  const where = `${kind} manifest`;
  const files = new Map(info.entries.map((e) => [e.name, e.bytes]));
  const raw = files.get('manifest.json');
  if (!raw) return void fail(where, 'manifest.json missing');
  const m = JSON.parse(raw.toString('utf8')) as Record<string, any>;
  const expectEq = (label: string, actual: unknown, expected: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      fail(where, `${label} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    }
  };
  const exists = (label: string, path: unknown) => {
    if (typeof path !== 'string' || !files.has(path.replace(/^\//, ''))) fail(where, `${label} names ${String(path)}, not in the zip`);
  };

  expectEq('manifest_version', m.manifest_version, kind === 'chrome' ? 3 : 2);
  expectEq('version', m.version, pkg.version);
  expectEq('permissions', m.permissions, ['storage']);
  for (const key of ['host_permissions', 'optional_permissions', 'optional_host_permissions']) {
    if (m[key] !== undefined) fail(where, `unexpected ${key}`);
  }
  const csp = kind === 'chrome' ? m.content_security_policy?.extension_pages : m.content_security_policy;
  if (typeof csp !== 'string' || !csp.includes("connect-src 'none'")) fail(where, `CSP lacks connect-src 'none': ${csp}`);

  // Localisation: every __MSG_*__ resolves in the zip's own catalogue.
  expectEq('default_locale', m.default_locale, 'en');
  const catalogue = files.get('_locales/en/messages.json');
  if (!catalogue) fail(where, '_locales/en/messages.json missing');
  const messages = new Set(Object.keys(catalogue ? JSON.parse(catalogue.toString('utf8')) : {}).map((k) => k.toLowerCase()));
  for (const name of JSON.stringify(m).match(/__MSG_\w+?__/g) ?? []) {
    if (!messages.has(name.slice(6, -2).toLowerCase())) fail(where, `${name} has no entry in _locales/en/messages.json`);
  }
  const button = kind === 'chrome' ? m.action : m.browser_action;
  for (const [label, value] of [['name', m.name], ['description', m.description], ['toolbar title', button?.default_title]]) {
    if (!isMsg(value)) fail(where, `${label} is not localised: ${JSON.stringify(value)}`);
  }

  // Icons: every size, present, and of that size.
  for (const size of ICON_SIZES) {
    const path = m.icons?.[size];
    exists(`icons.${size}`, path);
    const bytes = files.get(String(path));
    if (bytes) {
      const meta = await sharp(bytes).metadata();
      if (meta.format !== 'png' || meta.width !== size || meta.height !== size) {
        fail(where, `icons.${size} (${path}) is ${meta.format} ${meta.width}×${meta.height}`);
      }
    }
  }
  for (const size of [16, 32]) exists(`toolbar default_icon.${size}`, button?.default_icon?.[size]);
  exists('toolbar default_popup', button?.default_popup);
  for (const script of (m.content_scripts ?? []).flatMap((c: { js?: string[] }) => c.js ?? [])) exists('content script', script);

  if (kind === 'chrome') {
    expectEq('minimum_chrome_version', m.minimum_chrome_version, MIN_CHROME);
    exists('background.service_worker', m.background?.service_worker);
    if (m.browser_specific_settings) fail(where, 'browser_specific_settings in the Chrome manifest');
  } else {
    const gecko = m.browser_specific_settings?.gecko;
    expectEq('gecko.id', gecko?.id, GECKO_ID);
    expectEq('gecko.strict_min_version', gecko?.strict_min_version, MIN_FIREFOX);
    expectEq('gecko.data_collection_permissions', gecko?.data_collection_permissions, { required: ['none'] });
    expectEq('gecko_android.strict_min_version', m.browser_specific_settings?.gecko_android?.strict_min_version, MIN_FIREFOX_ANDROID);
    for (const script of m.background?.scripts ?? []) exists('background script', script);
    if (m.minimum_chrome_version) fail(where, 'minimum_chrome_version in the Firefox manifest');
  }
}

/** Checks the sources zip holds what a rebuild needs and nothing it must not. */
function checkSources(info: ZipInfo): void {
  const where = 'sources zip';
  const names = info.entries.map((e) => e.name);
  for (const need of SOURCES_REQUIRED) {
    const ok = need.endsWith('/') ? names.some((n) => n.startsWith(need)) : names.includes(need);
    if (!ok) fail(where, `missing ${need}`);
  }
  for (const name of names) if (SOURCES_FORBIDDEN.some((re) => re.test(name))) fail(where, `must not hold ${name}`);
  const packed = info.entries.find((e) => e.name === 'package.json');
  if (packed && JSON.parse(packed.bytes.toString('utf8')).version !== pkg.version) fail(where, 'package.json version differs');
}

/** Unpacks the sources zip, runs `npm ci && npm run build`, compares with the extension zips. */
async function checkRebuild(sources: ZipInfo, builds: Record<'chrome' | 'firefox', ZipInfo>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'fc-rebuild-'));
  for (const entry of sources.entries) {
    mkdirSync(dirname(join(dir, entry.name)), { recursive: true });
    writeFileSync(join(dir, entry.name), entry.bytes);
  }
  // A clean environment, as on a reviewer's machine: without the npm_* variables and the
  // node_modules/.bin folders of the npm run that started us (they would resolve `wxt` here);
  // NODE_ENV too: Vite set it to "production" in this process, and `npm ci` would then skip
  // the dev dependencies the build needs.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE_ENV$)/i.test(key)));
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((p) => !p.includes('node_modules'))
    .join(delimiter);
  for (const command of ['npm ci --no-audit --no-fund', 'npm run build']) {
    const run = spawnSync(command, { cwd: dir, env, shell: true, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (run.status !== 0) {
      fail('rebuild', `\`${command}\` exited ${run.status}:\n${(run.stderr || run.stdout).slice(-2000)}`);
      return dir;
    }
  }
  for (const [kind, outDir] of [['chrome', 'chrome-mv3'], ['firefox', 'firefox-mv2']] as const) {
    const base = join(dir, '.output', outDir);
    const rebuilt = new Map(
      listFiles(base).map((file) => [relative(base, file).split('\\').join('/'), sha256(readFileSync(file))]),
    );
    const zipped = new Map(builds[kind].entries.map((e) => [e.name, e.sha256]));
    for (const [name, hash] of zipped) if (rebuilt.get(name) !== hash) fail('rebuild', `${outDir}/${name} differs from the ${kind} zip`);
    for (const name of rebuilt.keys()) if (!zipped.has(name)) fail('rebuild', `${outDir}/${name} is not in the ${kind} zip`);
  }
  return dir;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/** A digest of a zip's entries (names and contents, in name order), equal for equal runs. */
const digest = (info: ZipInfo) =>
  sha256(
    info.entries
      .map((e) => `${e.name}\0${e.sha256}`)
      .sort()
      .join('\n'),
  ).slice(0, 16);

const work = mkdtempSync(join(tmpdir(), 'fc-zip-check-'));
try {
  const runs: Array<Record<Kind, ZipInfo>> = [];
  for (const run of [1, 2]) {
    const paths = await makeZips(join(work, `run${run}`));
    runs.push({
      chrome: await readZip(paths.chrome),
      firefox: await readZip(paths.firefox),
      sources: await readZip(paths.sources),
    });
  }
  const [one, two] = runs as [Record<Kind, ZipInfo>, Record<Kind, ZipInfo>];
  for (const kind of ['chrome', 'firefox', 'sources'] as const) {
    compareRuns(kind, one[kind], two[kind]);
    const sameBytes = readFileSync(one[kind].file).equals(readFileSync(two[kind].file));
    const onlyTime = sameBytes || differsOnlyInTimestamps(one[kind].file, two[kind].file);
    if (!onlyTime) fail(`${kind} zip`, 'the two runs differ in more than entry timestamps');
    const { file, size, entries } = one[kind];
    console.log(
      `${basename(file).padEnd(46)} ${String(size).padStart(8)} bytes  ${String(entries.length).padStart(3)} entries  ` +
        `contents ${digest(one[kind])} ${digest(one[kind]) === digest(two[kind]) ? '= run 2' : `≠ run 2 (${digest(two[kind])})`}` +
        `  zip bytes: ${sameBytes ? 'identical' : onlyTime ? 'differ only in entry timestamps' : 'DIFFER'}`,
    );
  }
  await checkManifest('chrome', one.chrome);
  await checkManifest('firefox', one.firefox);
  checkSources(one.sources);
  if (rebuild) {
    const dir = await checkRebuild(one.sources, { chrome: one.chrome, firefox: one.firefox });
    if (!problems.some((p) => p.startsWith('rebuild'))) {
      console.log('rebuild from the sources zip (npm ci && npm run build): identical to the extension zips');
      rmSync(dir, { recursive: true, force: true });
    } else {
      console.error(`rebuild left in ${dir}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('zip check passed: reproducible entries, manifests and sources as expected');
