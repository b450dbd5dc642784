// The little of the extension APIs that the shared content scripts could ask
// for, answered from the page: interface texts come from the extension's own
// _locales files (copied next to this page by build.mjs) in the language the
// visitor chose, and package URLs resolve against the site. The shared
// scripts get their texts through a `t` function today; this keeps them
// working unchanged should one of them call chrome.i18n directly.
'use strict';

(() => {
  const state = { locale: 'sv', messages: {} };

  const substitute = (text, args) => {
    const list = args === undefined ? [] : Array.isArray(args) ? args : [args];
    return text.replace(/\$(\d)/g, (_, n) => String(list[Number(n) - 1] ?? ''));
  };

  const api = {
    i18n: {
      getMessage(key, args) {
        const entry = state.messages[key];
        return entry ? substitute(entry.message, args) : '';
      },
      getUILanguage: () => state.locale,
    },
    runtime: {
      getURL: (path) => new URL(String(path).replace(/^\//, ''), document.baseURI).href,
    },
  };

  const target = (globalThis.chrome ??= {});
  for (const [name, value] of Object.entries(api)) {
    if (!target[name]) target[name] = value;
    else for (const [k, v] of Object.entries(value)) target[name][k] ??= v;
  }

  /** Called by the page when the visitor picks a language: the _locales JSON for it. */
  globalThis.gpSiteSetMessages = (locale, messages) => {
    state.locale = locale;
    state.messages = messages || {};
  };
})();
