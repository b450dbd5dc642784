// The site's own controls around an editor: its composer. The chip keeps
// off them, and the second look before publishing (controller.js) holds the
// first press of the one that publishes or sends. Nothing here changes the
// page; it only reads where the site's buttons are and what they are called.

const GP_CONTROLS = 'button, [role="button"], a[href], input:not([type="hidden"]), select, [role="link"], [role="menuitem"], [role="tab"]';
// How far up from the editor its composer may be.
const GP_COMPOSER_LEVELS = 8;

// What a publish, comment or send control is called on the sites, in the
// three languages (its aria-label, else its text), lowercased.
const GP_PUBLISH_NAMES = new Set([
  'post', 'publish', 'share', 'share now', 'comment', 'reply', 'send',
  'julkaise', 'jaa', 'jaa nyt', 'kommentoi', 'vastaa', 'lähetä',
  'publicera', 'dela', 'dela nu', 'kommentera', 'svara', 'skicka',
]);

/** The parent of a node, through a shadow root to its host. */
function gpUp(node) {
  return node.parentElement ?? (node.parentNode instanceof ShadowRoot ? node.parentNode.host : null);
}

/** The site's controls inside `root` that are on the page (laid out), other than the editor and what holds it. */
export function gpControlsIn(root, editor) {
  return [...root.querySelectorAll(GP_CONTROLS)].filter(
    (c) => c !== editor && !editor.contains(c) && !c.contains(editor) && c.getClientRects().length > 0,
  );
}

/** The editor's composer: its closest ancestor, a few levels up and never the whole page, that holds controls of the site; or null. */
export function gpComposerOf(editor) {
  let node = editor;
  for (let i = 0; i < GP_COMPOSER_LEVELS; i++) {
    node = gpUp(node);
    if (!node || node === document.body || node === document.documentElement) return null;
    if (gpControlsIn(node, editor).length) return node;
  }
  return null;
}

/** The control an event happened on (the innermost of its path), or null. */
export function gpControlOf(event) {
  for (const node of event.composedPath()) {
    if (node instanceof Element && node.matches(GP_CONTROLS)) return node;
  }
  return null;
}

/** Whether `control` publishes, comments or sends, by its name. */
export function gpIsPublish(control) {
  const name = (control.getAttribute('aria-label') || (control instanceof HTMLInputElement ? control.value : control.textContent) || '').trim().toLowerCase();
  return GP_PUBLISH_NAMES.has(name);
}

/** Whether Enter sends what is written in `editor`: a Facebook comment box (it has no send button to press). */
export function gpSendsOnEnter(editor) {
  if (!/(^|\.)facebook\.com$/.test(location.hostname)) return false;
  const name = `${editor.getAttribute('aria-label') || ''} ${editor.getAttribute('aria-placeholder') || ''}`;
  return /comment|reply|kommentt|kommentoi|vastaa|kommentar|svar/i.test(name);
}
