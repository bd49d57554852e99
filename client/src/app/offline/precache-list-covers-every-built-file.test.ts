import { describe, expect, it } from 'vitest';
import { manifestVersion, precacheList } from './service-worker-plugin.ts';

describe('precache list', () => {
  const built = ['assets/index-a1.js', 'assets/PlanScreen-b2.js', 'assets/editor-c3.js', 'assets/index-d4.css', 'sw.js', '.vite/manifest.json', 'index.html'];

  it('lists every built file and the page, but not the worker or build metadata', () => {
    const list = precacheList(built);
    expect(list).toEqual(expect.arrayContaining(['./', 'index.html', 'assets/PlanScreen-b2.js', 'assets/editor-c3.js', 'assets/index-d4.css']));
    expect(list).not.toContain('sw.js');
    expect(list).not.toContain('.vite/manifest.json');
    expect(new Set(list).size).toBe(list.length);
  });

  it('changes version exactly when a built file changes', () => {
    const a = manifestVersion(precacheList(built));
    expect(manifestVersion(precacheList([...built].reverse()))).toBe(a);
    expect(manifestVersion(precacheList(built.map((f) => f.replace('b2', 'b3'))))).not.toBe(a);
  });
});
