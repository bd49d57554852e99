import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Packages the built relay imports at run time from server/node_modules instead of bundling:
 * native addons (they load a .node file beside their JavaScript), and packages that find files
 * of their own at run time (libsodium's wasm, ws's optional native helpers, pg's native client).
 */
const RUNTIME_PACKAGES = ['better-sqlite3', 'sodium-native', 'libsodium-wrappers', 'ws', 'pg', 'esbuild'];
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const external = (id: string) => builtins.has(id) || RUNTIME_PACKAGES.some((p) => id === p || id.startsWith(`${p}/`));

/**
 * The relay built to JavaScript (`pnpm build`): `node server/dist/main.js` runs it without tsx.
 * One bundle per entry point: main.js (the relay with @safeplan/schema and lib0 inside) and
 * sqlite-writer-thread.js (the store's worker thread, which main.js starts by its file name).
 */
export default defineConfig({
  root: here('.'),
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: {
        main: here('src/main.ts'),
        'sqlite-writer-thread': here('src/store/sqlite-writer-thread.ts'),
      },
      external,
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
  ssr: { noExternal: true, target: 'node' },
});
