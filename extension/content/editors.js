// Which elements are compose boxes, and what kind of editor runs each. Only
// the editors the two sites really use are recognised: a search field or a
// chat input is none of Guidepost's business.

const GP_EDITORS = [
  // Facebook's composer and comment boxes (Lexical).
  { kind: 'lexical', selector: '[contenteditable="true"][role="textbox"][data-lexical-editor="true"]' },
  // LinkedIn's share box (Quill, inside the open shadow root of #interop-outlet).
  { kind: 'quill', selector: '.ql-editor[contenteditable="true"]' },
  // LinkedIn's comment boxes (TipTap, which is ProseMirror).
  { kind: 'prosemirror', selector: '.ProseMirror[contenteditable="true"]' },
  // Plain text areas (older forms, messages to the page).
  { kind: 'textarea', selector: 'textarea' },
];

const GP_EDITOR_SELECTOR = GP_EDITORS.map((e) => e.selector).join(',');

/** The editor kind of an element that is itself an editor root, or null. */
export function gpEditorKind(el) {
  if (!(el instanceof Element)) return null;
  for (const { kind, selector } of GP_EDITORS) {
    if (el.matches(selector)) {
      if (kind === 'textarea' && (el.readOnly || el.disabled)) return null;
      return kind;
    }
  }
  return null;
}

/** The editor root containing `node` (within its own tree), or null. */
export function gpEditorAround(node) {
  const el = node instanceof Element ? node : node?.parentElement;
  const root = el?.closest(GP_EDITOR_SELECTOR);
  return root && gpEditorKind(root) ? root : null;
}

/** Whether the editor is on screen: a hidden composer is never checked. */
export function gpIsShown(el) {
  if (!el.isConnected) return false;
  if (typeof el.checkVisibility === 'function') {
    return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  }
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}

/**
 * Calls `found(editor)` for every editor under `root` (a document or an open
 * shadow root) and `shadow(root)` for every open shadow root below it.
 */
export function gpScan(root, found, shadow) {
  for (const el of root.querySelectorAll(GP_EDITOR_SELECTOR)) {
    if (gpEditorKind(el)) found(el);
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let el = walker.nextNode(); el; el = walker.nextNode()) {
    if (el.shadowRoot) shadow(el.shadowRoot);
  }
}
