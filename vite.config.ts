import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const underVitest = Boolean(process.env.VITEST);

export default defineConfig({
  // The app lives in client/; tests are collected from the whole repository.
  root: underVitest ? here('.') : here('client'),
  plugins: underVitest ? [] : [solid()],
  build: {
    outDir: here('client/dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    manifest: true,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('libsodium')) return 'sodium';
          if (id.includes('prosemirror') || id.includes('@tiptap') || id.includes('y-tiptap')) return 'editor';
          if (id.includes('node_modules/yjs') || id.includes('node_modules/lib0') || id.includes('y-protocols')) return 'yjs';
          return undefined;
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
    ],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: [here('tests/support/global-setup.ts')],
  },
});
