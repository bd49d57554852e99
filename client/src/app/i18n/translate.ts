export type Lang = 'nl' | 'en';
export type Params = Record<string, string | number>;
export type Dictionary = Readonly<Record<string, string>>;

/** Fills `{name}` placeholders; a missing parameter stays visible rather than silently vanishing. */
export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/**
 * Looks a key up in the chosen language, then in Dutch (the source language), and only then shows
 * the key itself, so a missing translation is visible in the UI instead of an empty label.
 */
export function translate(dicts: Record<Lang, Dictionary>, lang: Lang, key: string, params?: Params): string {
  const template = dicts[lang][key] ?? dicts.nl[key];
  return template === undefined ? key : format(template, params);
}

export function has(dicts: Record<Lang, Dictionary>, lang: Lang, key: string): boolean {
  return dicts[lang][key] !== undefined || dicts.nl[key] !== undefined;
}
