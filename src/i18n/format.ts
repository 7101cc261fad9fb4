/**
 * Numbers, sizes, plurals and percentages in one language's conventions, for its catalogue.
 * Intl does the locale work (digit grouping such as Hindi's 12,34,567, plural categories); the
 * unit symbols (KB, MB, GB) stay Latin, as people write them in every one of these languages.
 */

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface Formatting {
  /** A number with at most `digits` decimals (grouped as the language groups them). */
  number(value: number, digits?: number): string;
  /** A number with exactly `digits` decimals: "3.0 s" stays as long as "3.4 s". */
  fixed(value: number, digits: number): string;
  /** `forms` picked by the language's plural rule for `count` ("one", "other", …). */
  plural(count: number, forms: PluralForms): string;
  /** 0..1 as a whole percentage ("42%"; the language places the sign). */
  percent(fraction: number): string;
  /** "2.5 GB", "250 MB", "1.5 MB", "830 KB": binary units, as file managers mostly show them. */
  bytes(bytes: number): string;
}

export function formatting(locale: string): Formatting {
  const numbers = new Map<string, Intl.NumberFormat>();
  const numberFormat = (min: number, max: number) => {
    const key = `${min}-${max}`;
    let format = numbers.get(key);
    if (!format) numbers.set(key, (format = new Intl.NumberFormat(locale, { minimumFractionDigits: min, maximumFractionDigits: max })));
    return format;
  };
  const rules = new Intl.PluralRules(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const number = (value: number, digits = 0) => numberFormat(0, digits).format(value);
  return {
    number,
    fixed: (value, digits) => numberFormat(digits, digits).format(value),
    plural: (count, forms) => forms[rules.select(count)] ?? forms.other,
    percent: (fraction) => percent.format(fraction),
    bytes: (bytes) => {
      const mb = bytes / (1024 * 1024);
      if (mb >= 1024) return `${number(mb / 1024, 1)} GB`;
      if (mb >= 100) return `${number(mb)} MB`;
      if (mb >= 1) return `${number(mb, 1)} MB`;
      return `${number(Math.max(1, Math.round(bytes / 1024)))} KB`;
    },
  };
}
