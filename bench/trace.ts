import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** One edit of the real editing trace: delete `del` characters at `pos`, then insert `ins` there. */
export interface TraceEdit {
  pos: number;
  del: number;
  ins: string;
}

export interface Trace {
  edits: TraceEdit[];
  endContent: string;
}

const defaultPath = fileURLToPath(new URL('../../shared/data/automerge-paper.json.gz', import.meta.url));

interface SequentialTraceFile {
  startContent?: unknown;
  endContent?: unknown;
  txns?: unknown;
  kind?: unknown;
}

/**
 * Loads a sequential editing trace in the format of josephg/editing-traces (automerge-paper by
 * default, the "B4" of crdt-benchmarks; `SAFEPLAN_TRACE` names another, gzipped or plain JSON),
 * flattened to single patches.
 *
 * Those traces count positions in Unicode code points; JavaScript strings and Y.Text count UTF-16
 * units. A trace with characters outside the Basic Multilingual Plane (emoji) would otherwise
 * replay to the wrong text, so its patches are converted here (`toUtf16Edits`). A non-empty
 * `startContent` becomes the first edit, and empty patches are left out (they change nothing).
 */
export function loadTrace(path = process.env.SAFEPLAN_TRACE ?? defaultPath): Trace {
  const raw = readFileSync(path);
  const text = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return parseTrace(JSON.parse(text) as SequentialTraceFile, path);
}

export function parseTrace(json: SequentialTraceFile, name = 'trace'): Trace {
  const bad = (why: string) => new Error(`${name}: not a sequential editing trace (${why}); use the format of josephg/editing-traces sequential_traces`);
  if (json.kind === 'concurrent') throw bad('it is a concurrent trace; take its flattened "_flat" copy');
  if (typeof json.endContent !== 'string') throw bad('endContent is missing');
  if (!Array.isArray(json.txns)) throw bad('txns is missing');
  const startContent = json.startContent === undefined ? '' : json.startContent;
  if (typeof startContent !== 'string') throw bad('startContent is not text');
  const patches: TraceEdit[] = [];
  if (startContent) patches.push({ pos: 0, del: 0, ins: startContent });
  for (const [t, txn] of (json.txns as { patches?: unknown }[]).entries()) {
    if (!Array.isArray(txn?.patches)) throw bad(`txns[${t}] has no patches`);
    for (const patch of txn.patches as unknown[]) {
      const [pos, del, ins] = Array.isArray(patch) ? (patch as unknown[]) : [];
      if (!Number.isInteger(pos) || !Number.isInteger(del) || (pos as number) < 0 || (del as number) < 0 || typeof ins !== 'string') throw bad(`txns[${t}] has a patch that is not [position, deleted, inserted]`);
      if (del === 0 && ins === '') continue;
      patches.push({ pos: pos as number, del: del as number, ins });
    }
  }
  const wide = /[\u{10000}-\u{10FFFF}]/u;
  const edits = wide.test(json.endContent) || patches.some((e) => wide.test(e.ins)) ? toUtf16Edits(patches) : patches;
  return { edits, endContent: json.endContent };
}

/**
 * Code-point patches to UTF-16 ones. Keeps the code-point positions of the few characters that
 * take two UTF-16 units, so each patch costs the number of such characters, not the text's length.
 */
export function toUtf16Edits(patches: readonly TraceEdit[]): TraceEdit[] {
  /** Code-point positions of the two-unit characters in the text so far, ascending. */
  let wide: number[] = [];
  const before = (cp: number) => {
    let n = 0;
    while (n < wide.length && wide[n]! < cp) n++;
    return n;
  };
  return patches.map(({ pos, del, ins }) => {
    const first = before(pos);
    const last = before(pos + del);
    const out = { pos: pos + first, del: del + (last - first), ins };
    const inserted = [...ins];
    const added: number[] = [];
    for (const [i, ch] of inserted.entries()) if (ch.length === 2) added.push(pos + i);
    const shift = inserted.length - del;
    wide = [...wide.slice(0, first), ...added, ...wide.slice(last).map((p) => p + shift)];
    return out;
  });
}

/** The text after the first `count` edits, by plain string splicing (the reference). */
export function applyToString(edits: readonly TraceEdit[], count = edits.length): string {
  let text = '';
  for (let i = 0; i < count; i++) {
    const e = edits[i]!;
    text = text.slice(0, e.pos) + e.ins + text.slice(e.pos + e.del);
  }
  return text;
}
