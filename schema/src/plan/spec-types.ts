/**
 * The declarative shape of a plan: sections hold items, items hold text fields and attrs.
 * Node types, the plain model, the i18n keys and the UI's generic rendering all derive from it,
 * so a section added here shows up everywhere without hand-written glue.
 */

export type AttrKind = 'date' | 'score' | 'select' | 'boolean' | 'itemRef' | 'text' | 'number';

/** JSON- and Yjs-friendly attr values: empty is always null, never undefined. */
export type AttrValue = string | number | boolean | null;

interface AttrBase {
  readonly key: string;
}

/** ISO calendar date 'YYYY-MM-DD'. */
export interface DateAttrSpec extends AttrBase {
  readonly kind: 'date';
}
/** Whole number 0 to 10 on the safety scale. */
export interface ScoreAttrSpec extends AttrBase {
  readonly kind: 'score';
}
export interface SelectAttrSpec extends AttrBase {
  readonly kind: 'select';
  /** Key of the option set, used in i18n keys `option.<optionSet>.<value>`. */
  readonly optionSet: string;
  readonly options: readonly string[];
  /** A select with a default never shows an empty choice. */
  readonly default?: string;
}
export interface BooleanAttrSpec extends AttrBase {
  readonly kind: 'boolean';
}
/** The `id` of another item of type `itemType`; null when nothing is chosen. */
export interface ItemRefAttrSpec extends AttrBase {
  readonly kind: 'itemRef';
  readonly itemType: string;
}
/** A short plain string that is not typed into the document (e.g. a picture's data URL). */
export interface TextAttrSpec extends AttrBase {
  readonly kind: 'text';
  readonly maxLength: number;
  /** Values that do not match are refused (stored as null). */
  readonly pattern?: RegExp;
}
export interface NumberAttrSpec extends AttrBase {
  readonly kind: 'number';
  readonly min: number;
  readonly max: number;
  readonly default?: number;
}

export type AttrSpec =
  | DateAttrSpec
  | ScoreAttrSpec
  | SelectAttrSpec
  | BooleanAttrSpec
  | ItemRefAttrSpec
  | TextAttrSpec
  | NumberAttrSpec;

export interface FieldSpec {
  /** camelCase key, used in the model and in i18n keys `field.<itemType>.<key>`. */
  readonly key: string;
  /** Multi-line fields accept hard breaks (Shift+Enter). */
  readonly multiline: boolean;
}

export interface ItemSpec {
  /** snake_case item type; also the ProseMirror node name. */
  readonly type: string;
  /** 'one': the section always holds exactly one (e.g. the header's details); 'many': zero or more. */
  readonly repeat: 'one' | 'many';
  readonly fields: readonly FieldSpec[];
  readonly attrs: readonly AttrSpec[];
}

/**
 * The document a section lives in. The relay can only decide who may write per document, so what
 * contributors may write (safety log, scale scores) lives in its own document, apart from the plan.
 */
export type PlanChannel = 'plan' | 'contributions';

export interface SectionSpec {
  readonly key: string;
  /** ProseMirror node name of the section. */
  readonly node: string;
  readonly channel: PlanChannel;
  readonly items: readonly ItemSpec[];
  /** When true, the 'many' item types may be mixed in any order (e.g. text and pictures). */
  readonly mixed: boolean;
}
