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

/** Loads Kleppmann's automerge-paper trace (B4 of crdt-benchmarks), flattened to single patches. */
export function loadTrace(path = process.env.SAFEPLAN_TRACE ?? defaultPath): Trace {
  const json = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as {
    endContent: string;
    txns: { patches: [number, number, string][] }[];
  };
  const edits: TraceEdit[] = [];
  for (const txn of json.txns) for (const [pos, del, ins] of txn.patches) edits.push({ pos, del, ins });
  return { edits, endContent: json.endContent };
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
