// Interface texts: the one `$1, $2…` substitution and the one `t()`, shared by
// the content script, the popup, the options page and the playground.
// Pure functions: no DOM, no extension APIs (the unit tests run them in Node).

/**
 * `template` with $1, $2… replaced by `args` (a missing argument becomes ''),
 * and each `{$N|one|other}` by the form for the count in argument N: "one"
 * for 1, "other" for every other number. Finnish, Swedish and English have
 * just these two forms for whole numbers (Intl.PluralRules says the same:
 * "one" only for 1).
 */
export function format(template, ...args) {
  return String(template)
    .replace(/\{\$(\d)\|([^|}]*)\|([^}]*)\}/g, (_, n, one, other) => (Number(args[Number(n) - 1]) === 1 ? one : other))
    .replace(/\$(\d)/g, (_, n) => String(args[Number(n) - 1] ?? ''));
}

/**
 * A `t(key, ...args)` over `lookup(key)`, which returns the text for a key or
 * undefined. An unknown key shows as itself, so a missing text is visible
 * rather than blank.
 */
export function translator(lookup) {
  return (key, ...args) => format(lookup(key) ?? key, ...args);
}

/** The key of a category's name in the locale files: "personal-data" → "cat_personal_data". */
export const categoryKey = (id) => `cat_${id.replace(/-/g, '_')}`;
