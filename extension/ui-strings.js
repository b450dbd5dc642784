// Interface texts in the language the user chose in the options, which may
// differ from the browser's (chrome.i18n only follows the browser). Reads the
// extension's own _locales files: a package file, never the network.

const cache = new Map();

export async function loadStrings(locale) {
  if (!cache.has(locale)) {
    const url = chrome.runtime.getURL(`_locales/${locale}/messages.json`);
    const raw = await (await fetch(url)).json();
    const strings = {};
    for (const [key, value] of Object.entries(raw)) strings[key] = value.message;
    cache.set(locale, strings);
  }
  return cache.get(locale);
}
