import type { AttrSpec, AttrValue } from './spec-types.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Item ids: random, URL-safe, long enough never to collide inside one plan. */
export const ITEM_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function defaultAttrValue(spec: AttrSpec): AttrValue {
  if (spec.kind === 'boolean') return false;
  if ((spec.kind === 'select' || spec.kind === 'number') && spec.default !== undefined) return spec.default;
  return null;
}

/** HTML attributes and Yjs hand values back as strings; numbers and booleans are read back here. */
function fromString(spec: AttrSpec, raw: string): unknown {
  if (spec.kind === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (spec.kind === 'score' || spec.kind === 'number') return raw.trim() === '' ? raw : Number(raw);
  return raw;
}

/**
 * The value an attr holds after untrusted input (paste, JSON, Yjs): a valid value, or the default.
 * Invalid values fall back instead of throwing, because a paste must never fail as a whole.
 */
export function normalizeAttr(spec: AttrSpec, input: unknown): AttrValue {
  const value = typeof input === 'string' ? fromString(spec, input) : input;
  if (value === null || value === undefined) return defaultAttrValue(spec);
  switch (spec.kind) {
    case 'date':
      return isIsoDate(value) ? value : null;
    case 'score':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10 ? value : null;
    case 'number':
      return typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max
        ? value
        : defaultAttrValue(spec);
    case 'select':
      return typeof value === 'string' && spec.options.includes(value) ? value : defaultAttrValue(spec);
    case 'boolean':
      return typeof value === 'boolean' ? value : false;
    case 'itemRef':
      return typeof value === 'string' && ITEM_ID_PATTERN.test(value) ? value : null;
    case 'text':
      return typeof value === 'string' && value.length <= spec.maxLength && (!spec.pattern || spec.pattern.test(value))
        ? value
        : null;
  }
}

/** Why a value is not acceptable, or null when it is; for clear errors on explicit input. */
export function attrProblem(spec: AttrSpec, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const normalized = normalizeAttr(spec, value);
  return normalized === value ? null : `attr "${spec.key}" (${spec.kind}) does not accept ${JSON.stringify(value).slice(0, 80)}`;
}

export function newItemId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[b & 63];
  return out;
}
