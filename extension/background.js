// The background worker owns the one WebAssembly checker. Wasm runs here and
// never in the content script: Facebook's page CSP lacks 'wasm-unsafe-eval',
// so compiling there fails and fires a securitypolicyviolation event the site
// can see. Content scripts send text, get findings back; nothing leaves the
// machine (the only fetches are this package's own files).

import init, { Checker } from './pkg/guidepost.js';
import {
  LOCALES, onLateManagedValues, policyPart, readSettings, resolveLocale, toOrgConfig, withUserChoices,
} from './settings.js';
import { loadStrings } from './ui-strings.js';

// The content script sends a long post in slices of at most 20 000 characters
// (content/slices.js); a longer text is refused, and the chip says so.
const MAX_TEXT = 100_000;

let wasmReady = null;     // Promise of the initialised module, once per worker
let state = null;         // Promise of { checker, error, values, locked, locale }

function loadWasm() {
  wasmReady ??= init({ module_or_path: chrome.runtime.getURL('pkg/guidepost_bg.wasm') });
  return wasmReady;
}

const messageOf = (e) => String(e?.message || e);

/** A checker for `values`, or the built-in one when they change nothing; throws on a rejected configuration. */
function checkerFor(values) {
  const json = toOrgConfig(values);
  return json ? Checker.withConfig(json) : new Checker();
}

/**
 * Builds the checker for the current settings, in layers, so that a user's
 * typo never switches the organisation's policy off: the policy with the
 * user's settings; else the policy alone (the user's error is reported);
 * else the built-in rules (the policy's error is reported).
 */
async function build() {
  const [, { values, locked, policyProblems }] = await Promise.all([loadWasm(), readSettings()]);
  let checker = null;
  let userError = null;
  let policyError = null;
  try {
    checker = checkerFor(values);
  } catch (e) {
    userError = messageOf(e);
    try {
      checker = checkerFor(policyPart(values, locked));
    } catch (p) {
      policyError = messageOf(p);
      userError = null; // not known: the policy failed first
    }
  }
  checker ??= new Checker();
  const locale = resolveLocale(values.locale, chrome.i18n.getUILanguage());
  return { checker, userError, policyError, policyProblems, values, locked, locale };
}

/**
 * The disclaimer per language that an empty field of the user's falls back
 * to: the organisation's, or else the city's standard text (shown in the
 * options page's empty fields). Worked out once per built state.
 */
function defaultDisclaimer(s) {
  const texts = (checker) => Object.fromEntries(LOCALES.map((l) => [l, checker.disclaimer(l)]));
  const own = Object.values(s.values.disclaimer || {}).some((text) => text?.trim());
  // Without the user's own texts, the current checker already falls back.
  if (!own || s.locked.includes('disclaimer')) return texts(s.checker);
  let fallback;
  try {
    fallback = checkerFor(policyPart(s.values, s.locked));
  } catch {
    fallback = new Checker(); // a rejected policy: the built-in rules, as build() falls back
  }
  try {
    return texts(fallback);
  } finally {
    fallback.free();
  }
}

function current() {
  state ??= build();
  return state;
}

/** Set when a checker panicked; the next analysis reply says so, once. */
let restarted = false;

/**
 * Runs `call` on the current checker. A panic in the wasm core surfaces as
 * a WebAssembly.RuntimeError and leaves that checker mid-call, in a state
 * no one knows: it is dropped (never called or freed again), a fresh one is
 * built for the next request, and the error goes to the caller.
 */
async function withChecker(call) {
  const built = current();
  const s = await built;
  try {
    return call(s.checker, s);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      if (state === built) state = build();
      restarted = true;
    }
    throw e;
  }
}

function rebuild() {
  const previous = state;
  state = build();
  // Free the old engine once the new one is in place.
  Promise.all([previous, state]).then(([old, now]) => {
    if (old && old.checker !== now.checker) old.checker.free();
  }, () => {});
}

chrome.storage.onChanged.addListener((_changes, area) => {
  if (area === 'sync' || area === 'managed') rebuild();
});
onLateManagedValues(rebuild);

function hostOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** Whether the message comes from one of this extension's own pages (popup, options), not a content script. */
function fromOwnPage(sender) {
  return typeof sender.url === 'string' && sender.url.startsWith(chrome.runtime.getURL(''));
}

/** What a content script needs to draw its UI, and nothing more (no settings, no organisation config). */
async function contentStatus(sender) {
  const s = await current();
  const host = hostOf(sender.tab?.url || sender.url);
  return {
    enabled: !s.values.disabledSites.includes(host),
    review: s.values.reviewBeforePublish !== false,
    locale: s.locale,
    strings: await loadStrings(s.locale),
  };
}

const handlers = {
  // Sent when an editor gets focus, so the first keystroke does not pay for
  // compiling the wasm. Returns what the content script needs to draw its UI.
  async wake(_message, sender) {
    return contentStatus(sender);
  },
  // A panicked checker answers with an error (the content script asks
  // again, and the fresh checker answers); the first answer after that
  // carries `restarted`, so the chip can say so once.
  async analyze(message) {
    if (typeof message.text !== 'string') return { language: 'und', findings: [] };
    // Not checked, and the chip says so rather than showing a clean post.
    if (message.text.length > MAX_TEXT) return { language: 'und', findings: [], tooLong: true };
    const reply = await withChecker((checker, s) => JSON.parse(checker.analyze(message.text, s.locale)));
    if (restarted) {
      restarted = false;
      reply.restarted = true;
    }
    return reply;
  },
  async search(message) {
    const query = typeof message.query === 'string' ? message.query.slice(0, 200) : '';
    return withChecker((checker, s) => JSON.parse(query.trim() ? checker.search(query, s.locale) : checker.cards(s.locale)));
  },
  // The tests' panic (Checker.panicForTest), from the extension's own pages only.
  async panicForTest(_message, sender) {
    if (!fromOwnPage(sender)) return { error: 'not allowed' };
    return withChecker((checker) => checker.panicForTest());
  },
  // The popup and the options page; `fresh` (after saving) rebuilds first, so
  // the answer reflects what was just stored. The settings (with the
  // organisation's configuration) go to the extension's own pages only: a
  // content script, which runs in pages, gets what `wake` gives.
  async status(message, sender) {
    if (!fromOwnPage(sender)) return contentStatus(sender);
    if (message.fresh) rebuild();
    const s = await current();
    return {
      userError: s.userError, policyError: s.policyError, policyProblems: s.policyProblems,
      values: s.values, locked: s.locked, locale: s.locale, strings: await loadStrings(s.locale),
      defaultDisclaimer: (s.defaultDisclaimer ??= defaultDisclaimer(s)),
    };
  },
  // The options page, before it saves: would the checker take these choices
  // of the user's, with the policy as it is? { error } names the field.
  async validate(message, sender) {
    if (!fromOwnPage(sender) || !message.values || typeof message.values !== 'object') return { error: 'bad request' };
    const s = await current();
    try {
      checkerFor(withUserChoices(s.values, s.locked, message.values)).free();
      return { error: null };
    } catch (e) {
      return { error: messageOf(e) };
    }
  },
  async openGuide(message) {
    const section = typeof message.section === 'string' ? message.section.replace(/[^a-z0-9-]/g, '') : '';
    await chrome.tabs.create({ url: chrome.runtime.getURL(`pages/popup.html?tab=1#${section}`) });
    return { ok: true };
  },
};

// The keyboard shortcuts of the manifest's "commands" (the user can change
// them on the browser's own shortcuts page): handed to the content script of
// the tab they were pressed in, which acts on the editor being written in.
// A page cannot send these; only the browser fires onCommand.
function runCommand(command, tab) {
  if (!tab?.id || !['open-remark', 'next-remark', 'previous-remark'].includes(command)) return Promise.resolve();
  return chrome.tabs.sendMessage(tab.id, { type: 'command', command }).catch(() => {}); // no content script in that tab
}
chrome.commands?.onCommand.addListener((command, tab) => runCommand(command, tab));

// Only this extension's own content scripts and pages may ask. There is no
// externally_connectable and no onMessageExternal: web pages cannot reach here.
chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id || !message || !Object.hasOwn(handlers, message.type)) return false;
  handlers[message.type](message, sender).then(sendResponse, (e) => sendResponse({ error: String(e?.message || e) }));
  return true; // the answer comes asynchronously
});
