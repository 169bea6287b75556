/**
 * The bench's profiling build: the project's own WXT config, unminified (readable function
 * names in CPU profiles) and written to `.output/bench-profile/` so it never replaces the real
 * build. Used by `npm run bench` (part 2, profiles); the timed runs use the normal build.
 */
import { defineConfig, type UserConfig } from 'wxt';
import base from '../wxt.config';

const baseVite = base.vite;

export default defineConfig({
  ...base,
  outDir: '.output/bench-profile',
  vite: async (env) => {
    const config = (await baseVite?.(env)) ?? {};
    return { ...config, build: { ...config.build, minify: false } };
  },
} satisfies UserConfig);
