/** One run of a word-level diff: text that stayed, was added or was removed. */
export interface WordRun {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Words and the spaces between them, so the runs glue back together into both texts exactly. */
function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/** Above this many token pairs the table costs too much; the middle is then shown as replaced. */
const MAX_TABLE = 4_000_000;

function push(runs: WordRun[], kind: WordRun['kind'], text: string): void {
  if (!text) return;
  const last = runs[runs.length - 1];
  if (last && last.kind === kind) last.text += text;
  else runs.push({ kind, text });
}

/**
 * Word-level diff (longest common subsequence of tokens). Joining the 'same' and 'removed' runs
 * gives `before`; joining 'same' and 'added' gives `after`. Removals come before additions at
 * each change, as a reader expects ("old new").
 */
export function diffWords(before: string, after: string): WordRun[] {
  const a = tokens(before);
  const b = tokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const runs: WordRun[] = [];
  push(runs, 'same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_TABLE) {
    push(runs, 'removed', midA.join(''));
    push(runs, 'added', midB.join(''));
  } else {
    middle(runs, midA, midB);
  }
  push(runs, 'same', a.slice(endA).join(''));
  return runs;
}

function middle(runs: WordRun[], a: string[], b: string[]): void {
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..], flattened.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => lcs[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  let i = 0;
  let j = 0;
  let removed = '';
  let added = '';
  const flush = () => {
    push(runs, 'removed', removed);
    push(runs, 'added', added);
    removed = '';
    added = '';
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      push(runs, 'same', a[i] ?? '');
      i++;
      j++;
    } else if (j >= m || (i < n && at(i + 1, j) >= at(i, j + 1))) {
      removed += a[i] ?? '';
      i++;
    } else {
      added += b[j] ?? '';
      j++;
    }
  }
  flush();
}

export function wordsChanged(runs: readonly WordRun[]): boolean {
  return runs.some((r) => r.kind !== 'same');
}
