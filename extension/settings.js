// The user's settings (storage.sync) and the organisation's policy
// (storage.managed, set by IT), merged into what the checker runs with.
// Shared by the background worker, the popup and the options page.

/** Category ids of shared/spec/findings.md, in the order the options list them. */
export const CATEGORIES = [
  'personal-data', 'confidential', 'security', 'offensive', 'threat',
  'rumor', 'dispute', 'tone', 'disclaimer', 'hashtags', 'feedback',
];

/** The categories whose findings are risks (docs/categories.md): switching one off is warned about. */
export const RISK_CATEGORIES = ['personal-data', 'confidential', 'security', 'offensive', 'threat'];

export const LOCALES = ['sv', 'fi', 'en'];

/** Every setting and its default; managed storage uses the same keys (schema.json). */
export const DEFAULTS = Object.freeze({
  locale: 'auto',                       // 'auto' | 'sv' | 'fi' | 'en'
  disclaimer: { sv: '', fi: '', en: '' }, // empty: the city's standard text
  hashtags: [],                         // extra hashtags after the official two
  hiddenCategories: [],                 // categories the user does not want to see
  disabledSites: [],                    // host names where Guidepost stays quiet
  reviewBeforePublish: true,            // hold the first press of Post/Comment while a risk is shown
  organisationConfig: '',               // managed only: a full organisation config (JSON)
  sensitivity: {},                      // managed only: category id -> 'strict' | 'default' | 'relaxed'
});

/** Settings only an organisation's policy can set. */
const MANAGED_ONLY = ['organisationConfig', 'sensitivity'];

const KEYS = Object.keys(DEFAULTS);

let lateManagedListener = null;

/** Called when managed values arrive after readSettings() had to go on without them. */
export function onLateManagedValues(listener) {
  lateManagedListener = listener;
}

async function managedValues() {
  // Firefox rejects when no policy is installed; Chrome returns {}. Right
  // after the browser starts, Chrome can hold the answer back until its policy
  // service is up (measured: forever, for a worker started early): go on
  // without it and rebuild if a policy does turn up.
  const read = chrome.storage.managed.get(null).then((v) => v || {}, () => ({}));
  const late = new Promise((resolve) => setTimeout(() => resolve(null), 250));
  const values = await Promise.race([read, late]);
  if (values) return values;
  read.then((v) => {
    if (Object.keys(v).length) lateManagedListener?.();
  });
  return {};
}

/** The JSON kind of a value, as a policy problem names it. */
const kindOf = (v) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/**
 * The effective settings: managed values win and are reported as locked, so
 * the options page can show them read-only. A managed value of the wrong
 * kind (a browser that passes it on unchecked) is left out and named in
 * `policyProblems`; Chromium drops such values itself before the extension
 * sees them (chrome://policy shows them flagged).
 */
export async function readSettings() {
  const [synced, managed] = await Promise.all([chrome.storage.sync.get(KEYS), managedValues()]);
  const values = structuredClone(DEFAULTS);
  const locked = [];
  const policyProblems = [];
  for (const key of KEYS) {
    const usable = key in managed && kindOf(managed[key]) === kindOf(DEFAULTS[key]);
    if (key in managed && !usable) {
      policyProblems.push(`${key}: ${kindOf(DEFAULTS[key])} expected, ${kindOf(managed[key])} found`);
    }
    if (usable) {
      values[key] = managed[key];
      locked.push(key);
    } else if (key in synced && !MANAGED_ONLY.includes(key)) {
      values[key] = synced[key];
    }
  }
  return { values, locked, policyProblems };
}

/** The organisation's part of `values`: what its policy set, with the defaults elsewhere. */
export function policyPart(values, locked) {
  const out = structuredClone(DEFAULTS);
  for (const key of locked) out[key] = values[key];
  return out;
}

/** `values` with the user's own choices `next` in the keys the policy leaves free. */
export function withUserChoices(values, locked, next) {
  const out = structuredClone(values);
  for (const [key, value] of Object.entries(next)) {
    if (key in DEFAULTS && !locked.includes(key) && !MANAGED_ONLY.includes(key)) out[key] = value;
  }
  return out;
}

/** The interface language: the user's choice, else the browser's when it is one of ours. */
export function resolveLocale(choice, browserLanguage) {
  if (LOCALES.includes(choice)) return choice;
  const base = String(browserLanguage || '').toLowerCase().split(/[-_]/)[0];
  return LOCALES.includes(base) ? base : 'sv';
}

/** Splits "#a #b, c" into ["#a", "#b", "#c"]. */
export function parseHashtags(text) {
  return String(text)
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((t) => (t.startsWith('#') ? t : `#${t}`));
}

/**
 * The organisation configuration JSON for Checker.withConfig, or '' when the
 * settings change nothing (then the background keeps the built-in checker).
 * Throws when the organisation's own JSON is unreadable.
 */
export function toOrgConfig(values) {
  let config = {};
  if (values.organisationConfig && String(values.organisationConfig).trim()) {
    try {
      config = JSON.parse(values.organisationConfig);
    } catch (e) {
      throw new Error(`organisationConfig: ${e.message}`);
    }
    if (!config || typeof config !== 'object' || Array.isArray(config)) {
      throw new Error('organisationConfig: must be a JSON object');
    }
  }
  const disclaimer = { ...(config.disclaimer || {}) };
  for (const locale of LOCALES) {
    const text = values.disclaimer?.[locale];
    if (typeof text === 'string' && text.trim()) disclaimer[locale] = text.trim();
  }
  if (Object.keys(disclaimer).length) config.disclaimer = disclaimer;
  const hashtags = [...(config.hashtags || []), ...(values.hashtags || [])];
  if (hashtags.length) config.hashtags = [...new Set(hashtags)];
  const hidden = [...(config.disabled_categories || []), ...(values.hiddenCategories || [])];
  if (hidden.length) config.disabled_categories = [...new Set(hidden)];
  // The learned heads' sensitivity: the policy's own key wins over the same
  // category in its organisationConfig; the checker validates the values.
  const sensitivity = { ...(config.sensitivity || {}), ...(values.sensitivity || {}) };
  if (Object.keys(sensitivity).length) config.sensitivity = sensitivity;
  return Object.keys(config).length ? JSON.stringify(config) : '';
}
