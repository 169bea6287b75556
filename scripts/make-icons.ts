/**
 * `npm run icons`: renders the one source image `assets/icon.svg` (128×128 user units) to
 * `public/icon/<size>.png` for every size the manifests and stores use: 16 and 32 (toolbar,
 * `action.default_icon`), 48 (extension pages), 96 (Firefox add-ons manager on HiDPI), 128
 * (Chrome Web Store, install dialog). WXT lists `public/icon/*.png` in the manifest's `icons`.
 *
 * The PNGs are committed, so a build needs no image tooling; rerun this after editing the SVG.
 * Each size is rasterised from the vector at its own density (no downscaling of a large bitmap)
 * and written without metadata, so the same SVG and sharp version give the same bytes.
 * `--check` writes nothing and exits 1 when a committed PNG differs from a fresh render.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** Icon sizes in px, each a square `public/icon/<size>.png`. */
export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

const SOURCE_SIZE = 128; // the SVG's viewBox width and height
const root = fileURLToPath(new URL('../', import.meta.url));
const svg = readFileSync(`${root}assets/icon.svg`);
const check = process.argv.includes('--check');
const stale: string[] = [];

mkdirSync(`${root}public/icon`, { recursive: true });
for (const size of ICON_SIZES) {
  // sharp rasterises SVG at 72 dpi by default: density scales the vector to `size` px directly.
  const png = await sharp(svg, { density: (72 * size) / SOURCE_SIZE })
    .resize(size, size)
    .png({ compressionLevel: 9, adaptiveFiltering: false })
    .toBuffer();
  const file = `public/icon/${size}.png`;
  if (check) {
    if (!existsSync(`${root}${file}`) || !png.equals(readFileSync(`${root}${file}`))) stale.push(file);
  } else {
    writeFileSync(`${root}${file}`, png);
    console.log(`${file}  ${size}×${size}  ${png.length} bytes`);
  }
}
if (check) {
  if (stale.length) {
    console.error(`out of date (run \`npm run icons\`): ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log(`icons up to date: ${ICON_SIZES.join(', ')} px`);
}
