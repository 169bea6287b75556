/**
 * Puts the entries of a zip WXT wrote in a stable order (sorted by name), so the same inputs
 * give the same zip bytes apart from the entry timestamps WXT stamps. WXT adds files in the
 * order its file-system crawl returns them, which varies from run to run (`npm run zip:check`
 * caught two runs listing the Chrome zip's entries differently).
 *
 * Called from the `zip:extension:done` and `zip:sources:done` hooks in wxt.config.ts. Entry
 * bytes, dates and permissions are kept; only the order changes, and the archive is written
 * again with WXT's compression level.
 */
import { readFile, writeFile } from 'node:fs/promises';
import JSZip from 'jszip';

/**
 * Rewrites `zipPath` in place with its entries sorted by name (code-unit order).
 * @param compressionLevel WXT's `zip.compressionLevel` (0 stores, 1–9 deflate).
 */
export async function sortZipEntries(zipPath: string, compressionLevel: number): Promise<void> {
  const source = await JSZip.loadAsync(await readFile(zipPath));
  const sorted = new JSZip();
  const names = Object.keys(source.files).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const entry = source.files[name]!;
    if (entry.dir) continue; // WXT adds files only; folders are implied by their paths
    sorted.file(name, await entry.async('nodebuffer'), {
      date: entry.date,
      unixPermissions: entry.unixPermissions,
      dosPermissions: entry.dosPermissions,
    });
  }
  const bytes = await sorted.generateAsync({
    type: 'nodebuffer',
    ...(compressionLevel === 0
      ? { compression: 'STORE' }
      : { compression: 'DEFLATE', compressionOptions: { level: compressionLevel } }),
  });
  await writeFile(zipPath, bytes);
}
