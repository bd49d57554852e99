import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';
import { serviceWorkerPlugin } from './client/src/app/offline/service-worker-plugin.ts';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const underVitest = Boolean(process.env.VITEST);

export default defineConfig({
  // The app lives in client/; tests are collected from the whole repository.
  root: underVitest ? here('.') : here('client'),
  plugins: underVitest ? [] : [solid(), serviceWorkerPlugin()],
  build: {
    outDir: here('client/dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    manifest: true,
    rollupOptions: {
      output: {
        // Priorities keep Yjs out of the editor chunk: the home screen needs Yjs (sync) but must
        // not load ProseMirror and Tiptap.
        codeSplitting: {
          groups: [
            { name: 'sodium', test: /libsodium/, priority: 30 },
            { name: 'yjs', test: /node_modules[\\/](\.pnpm[\\/])?(yjs|lib0|y-protocols)/, priority: 20 },
            { name: 'editor', test: /prosemirror|@tiptap|y-tiptap/, priority: 10 },
          ],
        },
      },
    },
  },
  test: {
    include: [
      'tests/**/*.{test,spec}.ts',
      'client/src/**/*.test.ts',
      'server/src/**/*.test.ts',
      'schema/src/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: [here('tests/support/global-setup.ts')],
  },
});
