import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { emit, note, round } from './support/report.ts';

/**
 * Gzip bytes of the JS needed to show the plan list (the entry chunk and its static imports, from
 * Vite's manifest), and of all the JS. Builds into a temp dir, so client/dist (which browser tests
 * use) is left alone.
 */
const TARGET_BYTES = 250 * 1024;
const root = fileURLToPath(new URL('..', import.meta.url));

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const outDir = mkdtempSync(join(tmpdir(), 'safeplan-bundle-'));
try {
  note(`bundle: vite build into ${outDir}`);
  const built = spawnSync(join(root, 'node_modules/.bin/vite'), ['build', '--config', join(root, 'vite.config.ts'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (built.status !== 0) throw new Error(`vite build failed (exit ${built.status})`);
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const gz = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;

  // The page's entry (index.html); other entries, such as the service worker, load later.
  const entries = Object.entries(manifest).filter(([key, c]) => c.isEntry && key.endsWith('.html'));
  if (entries.length !== 1) throw new Error(`expected one HTML entry in the manifest, found ${entries.length}`);
  // The entry and everything it imports statically: what the browser must load before the list shows.
  const startup = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || startup.has(key)) return;
    startup.add(key);
    for (const k of chunk.imports ?? []) visit(k);
  };
  visit(entries[0]![0]);
  const jsFiles = (keys: Iterable<string>) => [...new Set([...keys].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js')))];
  const startupFiles = jsFiles(startup);
  const allFiles = jsFiles(Object.keys(manifest));
  const startupBytes = startupFiles.reduce((sum, f) => sum + gz(f), 0);
  const allBytes = allFiles.reduce((sum, f) => sum + gz(f), 0);
  const perFile = Object.fromEntries(allFiles.map((f) => [f.replace(/-[\w-]{8}\.js$/, '.js'), round(gz(f) / 1024)]));
  emit({
    bench: 'bundle',
    startupGzipKiB: round(startupBytes / 1024),
    allJsGzipKiB: round(allBytes / 1024),
    startupChunks: startupFiles.length,
    allChunks: allFiles.length,
    gzipKiBPerChunk: perFile,
    startupFiles: startupFiles.map((f) => f.replace(/-[\w-]{8}\.js$/, '.js')),
    target: `startup JS <= ${TARGET_BYTES / 1024} KiB gzip`,
    met: startupBytes <= TARGET_BYTES,
  });
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
