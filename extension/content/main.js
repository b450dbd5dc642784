// The content script's entry (bundled with the modules it imports into one
// script, content/guidepost.js, by ./build.sh): finds the compose boxes,
// talks to the background worker, and hands the rest to the controller,
// which checks a box as soon as it changes (at most one request out per
// editor), paints the findings and runs the card and the chip. All checking
// happens in the background worker (see background.js). Everything here
// lives in the content script's isolated world: the page sees no globals,
// no events and no attributes from Guidepost.
//
// A page must not use Guidepost as a classifier (build an editor of its own,
// fill it with guesses and read the highlights): an editor is checked only
// after the user has interacted with it by trusted input (pointer, key,
// paste, IME, input events that are `isTrusted`), only while it is visible,
// and a change a script makes without such input waits for the user's next.

import { translator } from '../format.js';
import { Controller, isUserEvent } from './controller.js';
import { gpEditorAround, gpEditorKind, gpIsShown, gpScan } from './editors.js';
import { gpStyleShadowRoot } from './painter.js';

let strings = null;
let waking = null;
let dead = false;        // the extension was updated or removed: stand down

const controller = new Controller({
  trust: true,
  t: translator((key) => strings?.[key]),
  async analyze(text) {
    if (!strings) await wake();
    return send({ type: 'analyze', text });
  },
  openGuide: (finding) => send({ type: 'openGuide', section: finding.section_id }),
});
controller.listen();

async function send(message) {
  if (dead) return null;
  try {
    const reply = await chrome.runtime.sendMessage(message);
    return reply && !reply.error ? reply : null;
  } catch {
    // A worker being stopped or restarted can fail one message; the next
    // check asks again. Without a runtime id the extension was updated or
    // removed: this script is an orphan and stands down.
    if (!chrome.runtime?.id) {
      dead = true;
      controller.setEnabled(false);
    }
    return null;
  }
}

/** Loads the interface texts and the site switch; also warms up the worker's wasm. */
function wake() {
  waking ??= send({ type: 'wake' }).then((reply) => {
    if (reply) {
      strings = reply.strings;
      controller.enabled = reply.enabled && !dead;
      controller.review = !!reply.review;
    } else {
      waking = null; // ask again next time
    }
    return reply;
  });
  return waking;
}

function boxFor(el) {
  const existing = controller.boxes.get(el);
  if (existing) return existing;
  const kind = gpEditorKind(el);
  return kind ? controller.box(el, kind) : null;
}

/** The editor an event happened in, looking through open shadow roots. */
function editorOf(event) {
  const inner = event.composedPath()[0];
  return inner instanceof Node ? gpEditorAround(inner) : null;
}

addEventListener('focusin', (event) => {
  const el = editorOf(event);
  if (!el || !gpIsShown(el)) return;
  const box = boxFor(el);
  if (!box) return;
  controller.active = box;
  // Every focus wakes the worker (it may have been stopped while idle), so
  // the first keystroke finds the wasm compiled; it also refreshes the
  // texts and the site switch.
  waking = null;
  wake().then(() => box.schedule());
}, true);

addEventListener('input', (event) => {
  if (!isUserEvent(event)) return; // a script's input event is not the user typing
  const el = editorOf(event);
  if (!el) return;
  const box = boxFor(el);
  if (!box) return;
  controller.noteTrusted(box);
  controller.noteInput(box);
}, true);

// The user's own interaction with an editor: what makes it checkable.
for (const type of ['pointerdown', 'mousedown', 'keydown', 'paste', 'cut', 'drop', 'beforeinput', 'compositionstart', 'compositionupdate', 'compositionend']) {
  addEventListener(type, (event) => {
    if (!isUserEvent(event)) return;
    const el = editorOf(event);
    if (!el || !gpIsShown(el)) return;
    const box = boxFor(el);
    if (box) controller.noteTrusted(box);
  }, { capture: true, passive: true });
}

// ---- discovery: editors that exist now and those that appear later,
// including inside open shadow roots (LinkedIn's #interop-outlet).

const observed = new WeakSet();
const discovery = new MutationObserver((records) => {
  for (const r of records) {
    for (const node of r.addedNodes) {
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      if (gpEditorKind(node)) prepare(node);
      gpScan(node, prepare, watch);
      if (node.shadowRoot) watch(node.shadowRoot);
    }
  }
  for (const el of [...controller.boxes.keys()]) {
    if (!el.isConnected) controller.forget(el);
  }
});

function watch(root) {
  if (observed.has(root)) return;
  observed.add(root);
  discovery.observe(root, { childList: true, subtree: true });
  gpScan(root, prepare, watch);
}

function prepare(el) {
  // Styles for shadow roots go in as soon as an editor shows up, so the
  // first underline is not late. The box itself is made on first focus.
  gpStyleShadowRoot(el.getRootNode());
}

watch(document);

// The script may start after the user has begun typing (it loads once the
// page is idle): pick up the editor that already has the focus.
let focused = document.activeElement;
while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
const early = focused && gpEditorAround(focused);
if (early && gpIsShown(early)) {
  controller.active = boxFor(early);
  wake().then(() => controller.active?.schedule());
}

// The browser's keyboard shortcuts (manifest "commands"), passed on by the
// background worker; only the extension itself can send this message.
chrome.runtime.onMessage.addListener((message, sender) => {
  if (sender.id === chrome.runtime.id && message?.type === 'command') controller.command(message.command);
});

// The popup's switch and the options page take effect at once.
chrome.storage.onChanged.addListener((_changes, area) => {
  if (area !== 'sync' && area !== 'managed') return;
  waking = null;
  wake().then(() => controller.setEnabled(controller.enabled));
});
