// Wires it together: finds compose boxes, re-checks a box once per animation
// frame while the user types, paints the findings, and runs the card and the
// chip. All checking happens in the background worker (see background.js).
// Everything here lives in the content script's isolated world: the page
// sees no globals, no events and no attributes from Guidepost.
'use strict';

(() => {
  const boxes = new Map(); // editor element → GpBox
  const card = new GpCard();
  const chip = new GpChip();
  let strings = null;
  let enabled = true;
  let waking = null;
  let active = null;       // the GpBox being written in
  let dead = false;        // the extension was updated or removed: stand down

  const t = (key, ...args) => {
    const text = strings?.[key] ?? key;
    return text.replace(/\$(\d)/g, (_, n) => String(args[Number(n) - 1] ?? ''));
  };

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
        for (const box of boxes.values()) box.clear();
        chip.hide();
        card.close(false);
      }
      return null;
    }
  }

  /** Loads the interface texts and the site switch; also warms up the worker's wasm. */
  function wake() {
    waking ??= send({ type: 'wake' }).then((reply) => {
      if (reply) {
        strings = reply.strings;
        enabled = reply.enabled;
      } else {
        waking = null; // ask again next time
      }
      return reply;
    });
    return waking;
  }

  const findingKey = (f, text) => `${f.rule}\u0000${text.slice(f.start, f.end)}`;

  class GpBox {
    constructor(el, kind) {
      this.el = el;
      this.kind = kind;
      this.seq = 0;            // number of the latest request; older replies are stale
      this.retries = 0;        // unanswered requests in a row
      this.inFlight = false;   // a request is out; one more may be owed after it
      this.owed = false;
      this.queued = false;
      this.text = '';
      this.map = null;
      this.findings = [];      // shown findings (dismissed ones removed)
      this.painted = [];       // [{ finding, range }]
      this.dismissed = new Set();
      this.lastInputAt = 0;
      this.inserting = false;
      this.mirror = kind === 'textarea' ? new GpMirror(el) : null;
      if (kind !== 'textarea') {
        // Editors also change without an input event (paste, undo, our own
        // insertions): watch the text, never touch it.
        this.observer = new MutationObserver(() => this.schedule());
        this.observer.observe(el, { subtree: true, childList: true, characterData: true });
        gpStyleShadowRoot(el.getRootNode());
      }
    }

    /**
     * Checks as soon as the editor has changed (a microtask gathers the
     * mutations of one keystroke), with at most one request out at a time:
     * changes made while it is out are checked once, when it returns.
     * Waiting for an animation frame instead cost up to a frame of latency,
     * and a tab the browser does not paint gets no frames at all.
     */
    schedule() {
      if (!enabled || dead || this.gone) return;
      if (this.inFlight) {
        this.owed = true;
        return;
      }
      if (this.queued) return;
      this.queued = true;
      queueMicrotask(() => {
        this.queued = false;
        if (!this.gone) this.check();
      });
    }

    read() {
      return this.kind === 'textarea' ? { text: this.el.value, segments: null } : gpReadEditable(this.el);
    }

    async check() {
      this.inFlight = true;
      try {
        await this.request();
      } finally {
        this.inFlight = false;
        if (this.owed) {
          this.owed = false;
          this.schedule();
        }
      }
    }

    async request() {
      const seq = ++this.seq;
      const snapshot = this.read();
      if (!strings) await wake();
      const reply = await send({ type: 'analyze', text: snapshot.text });
      if (seq !== this.seq || !enabled) return; // cleared meanwhile: the reply is stale
      if (!reply) {
        // The worker did not answer (it was restarting): ask again, a few times.
        if (this.retries++ < 3) setTimeout(() => this.schedule(), 100);
        return;
      }
      this.retries = 0;
      const now = this.read();
      if (now.text !== snapshot.text) return this.schedule(); // changed meanwhile: owed
      this.show(now, reply.findings);
    }

    show(map, findings) {
      this.map = map;
      this.text = map.text;
      this.findings = findings.filter((f) => !this.dismissed.has(findingKey(f, map.text)));
      this.mirror?.sync();
      const painted = [];
      for (const finding of this.findings) {
        if (finding.end <= finding.start) continue; // a document-level suggestion: only in the chip
        const range = this.mirror ? this.mirror.rangeFor(finding.start, finding.end) : gpRangeFor(map, this.el, finding.start, finding.end);
        painted.push({ finding, range });
      }
      gpPaint(this.painted, painted);
      this.painted = painted;
      if (active === this) this.showChip();
      // An open card follows its finding through re-checks, and closes when the finding is gone.
      if (card.isOpen && card.current.box === this) {
        const was = card.current.finding;
        const same = this.findings.find((f) => f.rule === was.rule && f.start === was.start && f.end === was.end);
        if (same) card.current.finding = same;
        else card.close(false);
      }
    }

    showChip() {
      if (!gpIsShown(this.el)) return chip.hide();
      const suggest = { busy: this.inserting };
      for (const category of ['disclaimer', 'hashtags']) {
        if (this.findings.some((f) => f.category === category && f.fix)) suggest[category] = () => this.applySuggestion(category);
      }
      chip.show(this.findings, this.el.getBoundingClientRect(), suggest, t);
    }

    /**
     * Inserts the fix of the current `category` suggestion. Asks the checker
     * again first, on the text as it is now, so a fix is never applied to a
     * stale post or twice: once inserted, the suggestion is gone.
     */
    async applySuggestion(category) {
      if (this.inserting) return;
      this.inserting = true;
      this.showChip();
      try {
        // Editors merge changes made close together into one undo step
        // (Quill within 1 s, ProseMirror 0.5 s): wait so Ctrl+Z undoes the
        // insertion alone, not the user's last words with it.
        const wait = this.lastInputAt + 1000 - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const text = this.read().text;
        const reply = await send({ type: 'analyze', text });
        const fix = reply?.findings.find((f) => f.category === category && f.fix)?.fix;
        if (!fix || this.read().text !== text) return;
        await gpInsertAtEnd(this.el, this.kind, fix.text);
      } finally {
        this.inserting = false;
        this.schedule();
      }
    }

    clear() {
      this.owed = false;
      this.seq++;
      gpPaint(this.painted, []);
      this.painted = [];
      this.findings = [];
    }

    destroy() {
      this.gone = true;          // a queued check must not paint a box that left
      this.clear();
      this.observer?.disconnect();
      this.mirror?.remove();
    }

    /** The finding under the caret, if any (for Alt+Enter). */
    findingAtCaret() {
      let offset = -1;
      if (this.kind === 'textarea') {
        offset = this.el.selectionStart;
      } else {
        const selection = gpSelectionOf(this.el);
        if (selection?.rangeCount && this.map) offset = gpOffsetOf(this.map, selection.focusNode, selection.focusOffset);
      }
      if (offset < 0) return null;
      return this.painted.find(({ finding: f }) => f.start <= offset && offset <= f.end) || null;
    }
  }

  function boxFor(el) {
    let box = boxes.get(el);
    if (!box) {
      const kind = gpEditorKind(el);
      if (!kind) return null;
      box = new GpBox(el, kind);
      boxes.set(el, box);
    }
    return box;
  }

  /** The editor an event happened in, looking through open shadow roots. */
  function editorOf(event) {
    const inner = event.composedPath()[0];
    return inner instanceof Node ? gpEditorAround(inner) : null;
  }

  function openCard(box, item, how) {
    const rects = item.range.getClientRects();
    const anchor = rects[0] || box.el.getBoundingClientRect();
    const finding = item.finding;
    const actions = {
      dismiss: () => {
        box.dismissed.add(findingKey(finding, box.text));
        box.show(box.map, box.findings);
      },
      open: () => send({ type: 'openGuide', section: finding.section_id }),
    };
    if (finding.fix) actions.apply = () => box.applySuggestion(finding.category);
    const selection = saveSelection(box);
    card.open(finding, anchor, actions, t, {
      pinned: how !== 'hover',
      focus: how === 'keyboard',
      returnFocus: () => restoreSelection(box, selection),
    });
    card.current.box = box;
  }

  function saveSelection(box) {
    if (box.kind === 'textarea') return [box.el.selectionStart, box.el.selectionEnd];
    const sel = gpSelectionOf(box.el);
    return sel?.rangeCount ? sel.getRangeAt(0).cloneRange() : null;
  }

  function restoreSelection(box, saved) {
    box.el.focus({ preventScroll: true });
    if (!saved) return;
    if (box.kind === 'textarea') box.el.setSelectionRange(saved[0], saved[1]);
    else {
      const sel = document.getSelection();
      sel.removeAllRanges();
      sel.addRange(saved);
    }
  }

  function hit(x, y) {
    for (const box of boxes.values()) {
      const i = gpHitTest(box.painted, x, y);
      if (i >= 0) return { box, item: box.painted[i] };
    }
    return null;
  }

  // ---- events: all passive observers, except the two keys documented below

  addEventListener('focusin', (event) => {
    const el = editorOf(event);
    if (!el || !gpIsShown(el)) return;
    const box = boxFor(el);
    if (!box) return;
    active = box;
    // Every focus wakes the worker (it may have been stopped while idle), so
    // the first keystroke finds the wasm compiled; it also refreshes the
    // texts and the site switch.
    waking = null;
    wake().then(() => box.schedule());
  }, true);

  addEventListener('input', (event) => {
    const el = editorOf(event);
    if (!el) return;
    const box = boxFor(el);
    if (!box) return;
    active = box;
    box.lastInputAt = performance.now();
    box.schedule();
  }, true);

  addEventListener('keydown', (event) => {
    // Escape closes an open card and nothing else (a composer dialog under it stays open).
    if (event.key === 'Escape' && card.isOpen) {
      event.preventDefault();
      event.stopImmediatePropagation();
      card.close(true);
      return;
    }
    // Alt+Enter opens the card of the passage the caret is in. Outside an
    // underlined passage the key goes to the editor untouched.
    if (event.key === 'Enter' && event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      const el = editorOf(event);
      const box = el && boxes.get(el);
      const item = box?.findingAtCaret();
      if (item) {
        event.preventDefault();
        event.stopImmediatePropagation();
        openCard(box, item, 'keyboard');
      }
    }
  }, true);

  addEventListener('click', (event) => {
    const inner = event.composedPath()[0];
    if (card.contains(inner) || chip.contains(inner)) return;
    const found = hit(event.clientX, event.clientY);
    if (found) openCard(found.box, found.item, 'click');
    else if (card.isOpen) card.close(false);
  }, true);

  // Hover: a card opens after the pointer rests on an underline, and goes
  // away when it leaves (unless it was opened by click or keyboard).
  let hoverTimer = 0;
  let hoverFrame = 0;
  addEventListener('mousemove', (event) => {
    if (hoverFrame) return;
    const { clientX: x, clientY: y } = event;
    const inner = event.composedPath()[0];
    hoverFrame = requestAnimationFrame(() => {
      hoverFrame = 0;
      if (card.contains(inner)) return clearTimeout(hoverTimer);
      const found = hit(x, y);
      clearTimeout(hoverTimer);
      if (found) {
        if (card.current?.finding === found.item.finding) return;
        hoverTimer = setTimeout(() => openCard(found.box, found.item, 'hover'), 400);
      } else if (card.isOpen && !card.current.pinned) {
        hoverTimer = setTimeout(() => card.isOpen && !card.current.pinned && card.close(false), 300);
      }
    });
  }, { capture: true, passive: true });

  // Keep the chip and the textarea mirrors in place while the page scrolls or resizes.
  let layoutFrame = 0;
  const relayout = () => {
    if (layoutFrame) return;
    layoutFrame = requestAnimationFrame(() => {
      layoutFrame = 0;
      for (const box of boxes.values()) box.mirror?.sync();
      if (active && enabled && !dead) active.showChip();
    });
  };
  addEventListener('scroll', relayout, { capture: true, passive: true });
  addEventListener('resize', relayout, { passive: true });

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
    for (const [el, box] of boxes) {
      if (!el.isConnected) {
        box.destroy();
        boxes.delete(el);
        if (active === box) {
          active = null;
          chip.hide();
        }
      }
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
    active = boxFor(early);
    wake().then(() => active?.schedule());
  }

  // The popup's switch and the options page take effect at once.
  chrome.storage.onChanged.addListener((_changes, area) => {
    if (area !== 'sync' && area !== 'managed') return;
    waking = null;
    wake().then(() => {
      for (const box of boxes.values()) {
        if (enabled) box.schedule();
        else box.clear();
      }
      if (!enabled) {
        chip.hide();
        card.close(false);
      } else if (active) active.schedule();
    });
  });
})();
