import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Under the repository, ignored by git, so a failed run's files can be looked at afterwards. */
const TMP_ROOT = fileURLToPath(new URL('../../../tests/.tmp/', import.meta.url));

/** A fresh, empty directory under tests/.tmp named `<prefix>XXXXXX`; the caller removes it. */
export function newTempDir(prefix: string): string {
  mkdirSync(TMP_ROOT, { recursive: true });
  return mkdtempSync(join(TMP_ROOT, prefix));
}
