// The controller of a page's compose boxes, one for both hosts: the
// extension's content script (main.js, which finds the editors and asks the
// background worker) and the playground (www/app.js, which calls the wasm
// core directly and lists the findings). It holds, per editor, the findings,
// the painted ranges and the dismissals; checks while the user types; keeps
// an open card on its finding; and handles Escape, Alt+Enter, click and hover.
//
// A host gives it:
//   analyze(text)     → Promise of { language, findings } (null: no answer, ask again)
//   t(key, ...args)   → an interface text
//   openGuide(finding)   the card's "Open guideline section"
//   chipShown(box)    → whether the chip may show by this box (default: the editor is on screen)
//   onShow(box)          called after every check is painted (the playground's list)
//   trust                 true (the extension): an editor is checked only once the
//                         user has interacted with it by trusted input (noteTrusted),
//                         only while it is visible, and a change is checked only
//                         when it follows such input (or Guidepost's own insertion)
//
// Everything is a passive observer of the page, except Escape while a card is
// open and Alt+Enter in an underlined passage. Only trusted events (the
// user's, never a script's) are acted on.

import { gpComposerOf, gpControlOf, gpControlsIn, gpIsPublish, gpSendsOnEnter } from './composer.js';
import { gpIsShown } from './editors.js';
import { gpInsertAtEnd, gpSelectionOf } from './insert.js';
import { GpMirror } from './mirror.js';
import { gpHitTest, gpOutranks, gpPaint, gpStyleShadowRoot } from './painter.js';
import { gpSlices, GP_SLICE_MAX } from './slices.js';
import { gpOffsetOf, gpRangeFor, gpReadEditable } from './text-map.js';
import { GpCard } from './card.js';
import { GpChip } from './chip.js';

/** The document-level suggestions the chip offers as one-click buttons. */
export const CHIP_SUGGESTIONS = ['disclaimer', 'hashtags'];
/** Editors merge changes closer than this into one undo step (Quill 1 s, ProseMirror 0.5 s). */
export const UNDO_GROUPING_MS = 1000;
export const HOVER_OPEN_MS = 400;
export const HOVER_CLOSE_MS = 300;
/** Unanswered requests in a row after which a box stops asking until it changes again. */
export const MAX_RETRIES = 3;
/** How long the chip shows a notice (the checker restarted after an internal error). */
export const NOTICE_MS = 5000;
/** Over this many characters (UTF-16 code units) a post is not checked (slices.js cuts the rest). */
const GP_MAX_CHECKED = 1_500_000;
/** Tries to insert a suggestion, each after the user paused, before giving up (the user keeps writing). */
export const MAX_INSERT_ATTEMPTS = 5;
/** After a held press of a publish control, how long the next press goes through. */
export const REVIEW_MS = 60_000;
/** A change this soon after the user's trusted input in an editor counts as the user's (the editor renders it meanwhile). */
export const TRUSTED_CHANGE_MS = 1000;

/** Whether `event` comes from the user (not from a page script's dispatchEvent). */
export const isUserEvent = (event) => event?.isTrusted === true;

// ---- the pure logic (unit-tested in Node: tests/unit/controller.test.js)

/** What a dismissal remembers: the rule and the words, so it survives edits elsewhere in the post. */
export const findingKey = (f, text) => `${f.rule}\u0000${text.slice(f.start, f.end)}`;

/** The findings to show: those not dismissed. */
export function shownFindings(findings, dismissed, text) {
  return findings.filter((f) => !dismissed.has(findingKey(f, text)));
}

/** The finding of a re-check that is the one a card shows (same rule, same place), or null. */
export function sameFinding(findings, was) {
  return findings.find((f) => f.rule === was.rule && f.start === was.start && f.end === was.end) || null;
}

/** The painted item whose passage holds the caret offset (its ends included), or
 * null; of overlapping ones, the one drawn on top (gpOutranks). */
export function paintedAt(painted, offset) {
  if (offset < 0) return null;
  let best = null;
  for (const item of painted) {
    const { start, end } = item.finding;
    if (start <= offset && offset <= end && !(best && gpOutranks(best, item))) best = item;
  }
  return best;
}

/** The painted item closest to `offset` (0 inside it), the earlier one on a tie; null without a caret or items. */
export function nearestPainted(painted, offset) {
  if (offset < 0) return null;
  let best = null;
  let bestDistance = Infinity;
  for (const item of painted) {
    const { start, end } = item.finding;
    const distance = offset < start ? start - offset : offset > end ? offset - end : 0;
    if (distance < bestDistance) [best, bestDistance] = [item, distance];
  }
  return best;
}

/** Alt+Enter and nothing else: Enter, Ctrl/Cmd+Enter and Shift+Enter belong to the sites. */
export const isCardKey = (event) => event.key === 'Enter' && event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey;

/** The chip's one-click suggestions among the findings: category → its finding. */
export function chipSuggestions(findings) {
  const out = {};
  for (const category of CHIP_SUGGESTIONS) {
    const f = findings.find((x) => x.category === category && x.fix);
    if (f) out[category] = f;
  }
  return out;
}

// ---- one editor

export class EditorBox {
  constructor(controller, el, kind) {
    this.controller = controller;
    this.el = el;
    this.kind = kind;          // 'lexical' | 'quill' | 'prosemirror' | 'textarea' | 'plaintext'
    this.seq = 0;              // number of the latest request; older replies are stale
    this.retries = 0;          // unanswered requests in a row
    this.inFlight = false;     // a request is out; one more may be owed after it
    this.owed = false;
    this.queued = false;
    this.gone = false;
    this.text = '';
    this.map = null;
    this.language = 'und';
    this.findings = [];        // shown findings (dismissed ones removed)
    this.notice = null;        // { key, args, until, unchecked, sliced, review }: a word for the chip (the checker restarted, the post too long to check, a press held), or null
    this.heldAt = 0;           // when a publish press was last held (the second look); 0: none
    this.painted = [];         // [{ finding, range }]
    this.dismissed = new Set();
    this.lastInputAt = -Infinity; // none yet (0 would read as input at page load)
    this.inserting = false;
    // The category of a suggestion being applied: its underline is stale from
    // the first click, so a second click on it (a double-click on "Apply fix"
    // over the passage) must not open its card again. Cleared by the first
    // check painted after the insertion.
    this.resolving = null;
    this.composing = false;    // an IME composition is open: nothing is inserted until it ends
    this.compositionEnded = null;
    // With a host that asks for trust, nothing is checked until the user
    // has interacted with this editor by trusted input.
    this.trusted = !controller.trust;
    this.lastTrustedAt = -Infinity; // none yet, likewise
    this.stale = false;        // changed without the user's input: checked at their next input
    this.mirror = kind === 'textarea' ? new GpMirror(el) : null;
    if (kind !== 'textarea') {
      // Editors also change without an input event (paste, undo, our own
      // insertions): watch the text, never touch it.
      this.observer = new MutationObserver(() => this.changed());
      this.observer.observe(el, { subtree: true, childList: true, characterData: true });
      gpStyleShadowRoot(el.getRootNode());
    }
    for (const type of ['compositionstart', 'compositionend']) el.addEventListener(type, (e) => this.noteComposition(e), true);
  }

  /**
   * Checks as soon as the editor has changed (a microtask gathers the
   * mutations of one keystroke), with at most one request out at a time:
   * changes made while it is out are checked once, when it returns.
   * Waiting for an animation frame instead cost up to a frame of latency,
   * and a tab the browser does not paint gets no frames at all.
   */
  schedule() {
    if (!this.controller.enabled || this.gone || !this.trusted) return;
    if (this.inFlight) {
      this.owed = true;
      return;
    }
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (!this.gone && this.visible()) this.check();
    });
  }

  /** Whether the editor may be checked now: with a trusting host, only while it is on screen. */
  visible() {
    return !this.controller.trust || gpIsShown(this.el);
  }

  /**
   * The editor's DOM changed. With a trusting host, only a change that
   * follows the user's trusted input (or Guidepost's own insertion) is
   * checked; text a script put there waits for the user's next input.
   */
  changed() {
    if (!this.controller.trust || this.inserting || performance.now() - this.lastTrustedAt < TRUSTED_CHANGE_MS) {
      this.schedule();
    } else {
      this.stale = true;
    }
  }

  /** The user interacted with this editor by trusted input (pointer, key, paste, IME, input). */
  noteTrusted() {
    this.trusted = true;
    this.lastTrustedAt = performance.now();
    if (this.stale) {
      this.stale = false;
      this.schedule();
    }
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
    if (snapshot.text.length > GP_SLICE_MAX) return this.requestSliced(seq, snapshot);
    this.sliceChecks = null;
    const reply = await this.controller.analyze(snapshot.text);
    // The checker restarted (said once per restart): noted even when this
    // reply is stale, or the notice would be lost with it.
    if (reply?.restarted) this.notice = { key: 'chipRestarted', until: performance.now() + NOTICE_MS };
    // Too long to check: said for as long as it lasts, never shown as clean.
    if (reply?.tooLong) this.notice = { key: 'chipTooLong', until: Infinity, unchecked: true };
    else if (reply && (this.notice?.unchecked || this.notice?.sliced)) this.notice = null;
    if (seq !== this.seq || !this.controller.enabled) return; // cleared meanwhile: the reply is stale
    if (!reply) {
      // No answer (the worker was restarting): ask again, a few times.
      if (this.retries++ < MAX_RETRIES) setTimeout(() => this.schedule(), 100);
      return;
    }
    this.retries = 0;
    const now = this.read();
    if (now.text !== snapshot.text) return this.schedule(); // changed meanwhile: owed
    this.show(now, reply);
  }

  /**
   * A post over GP_SLICE_MAX characters, checked slice by slice (slices.js)
   * and painted after each; a slice checked before with the same text is not
   * asked again. Each slice is checked as a post of its own, so what belongs
   * to a whole post (the disclaimer, hashtags and feedback suggestions) is
   * left out, and the chip says so. Over GP_MAX_CHECKED nothing is checked.
   */
  async requestSliced(seq, snapshot) {
    if (snapshot.text.length > GP_MAX_CHECKED) {
      this.sliceChecks = null;
      this.notice = { key: 'chipTooLong', until: Infinity, unchecked: true };
      return this.show(snapshot, { language: 'und', findings: [] });
    }
    const known = this.sliceChecks ?? new Map();
    const checks = new Map();
    const findings = [];
    let language = null;
    this.notice = { key: 'chipLongPost', until: Infinity, sliced: true };
    for (const slice of gpSlices(snapshot.text)) {
      let reply = known.get(slice.text);
      if (!reply) {
        reply = await this.controller.analyze(slice.text);
        if (reply?.restarted) this.notice = { key: 'chipRestarted', until: performance.now() + NOTICE_MS };
        if (seq !== this.seq || !this.controller.enabled) return;
        if (!reply) {
          if (this.retries++ < MAX_RETRIES) setTimeout(() => this.schedule(), 100);
          return;
        }
        this.retries = 0;
      }
      // The post changed meanwhile: the rest is checked on the new text.
      if (this.owed || this.stale) return;
      checks.set(slice.text, reply);
      language ??= reply.language;
      for (const f of reply.findings) {
        if (f.severity !== 'suggestion') findings.push({ ...f, start: f.start + slice.start, end: f.end + slice.start });
      }
      this.show(snapshot, { language, findings: findings.slice() });
    }
    this.sliceChecks = checks;
  }

  /** Paints `result` ({ language, findings }) for the text `map` was read from. */
  show(map, result) {
    const c = this.controller;
    this.map = map;
    this.text = map.text;
    this.language = result.language ?? this.language;
    if (!this.inserting) this.resolving = null;
    this.findings = shownFindings(result.findings, this.dismissed, map.text);
    this.mirror?.sync();
    const painted = [];
    for (const finding of this.findings) {
      if (finding.end <= finding.start) continue; // a document-level suggestion: only in the chip (and the list)
      const range = this.mirror ? this.mirror.rangeFor(finding.start, finding.end) : gpRangeFor(map, this.el, finding.start, finding.end);
      painted.push({ finding, range });
    }
    gpPaint(this.painted, painted);
    this.painted = painted;
    if (c.active === this) this.showChip();
    // An open card follows its finding through re-checks, and closes when the finding is gone.
    if (c.card.isOpen && c.card.current.box === this) {
      const same = sameFinding(this.findings, c.card.current.finding);
      if (same) c.card.current.finding = same;
      else c.card.close(false);
    }
    c.onShow(this);
  }

  /** Shows the findings again without asking the checker (after a dismissal). */
  reshow() {
    if (this.map) this.show(this.map, { language: this.language, findings: this.findings });
  }

  showChip() {
    const c = this.controller;
    if (!c.chipShown(this)) return c.chip.hide();
    const suggest = { busy: this.inserting };
    for (const category of Object.keys(chipSuggestions(this.findings))) suggest[category] = () => this.applySuggestion(category);
    if (this.notice && performance.now() > this.notice.until) this.notice = null;
    if (this.notice?.review) suggest.showFirst = () => this.showFirstRisk();
    const notice = this.notice && { text: c.t(this.notice.key, ...(this.notice.args || [])), unchecked: !!this.notice.unchecked };
    // The chip keeps off the site's own buttons around the editor.
    const composer = gpComposerOf(this.el);
    const avoid = composer ? gpControlsIn(composer, this.el).map((el) => el.getBoundingClientRect()) : [];
    c.chip.show(this.findings, this.el.getBoundingClientRect(), suggest, c.t, notice, avoid);
  }

  /** Opens the card of the first risk in the post (the chip's button during a second look). */
  showFirstRisk() {
    const item = [...this.painted].sort((a, b) => a.finding.start - b.finding.start).find((p) => p.finding.severity === 'risk');
    if (item) this.controller.openCard(this, item, 'keyboard');
  }

  /**
   * The second look: the user pressed the site's publish control (or Enter
   * where Enter sends). With a risk shown, the first press is held and the
   * chip says so; the next press within REVIEW_MS goes through untouched.
   * Returns whether this press is held. Cautions and suggestions hold nothing.
   */
  holdPublish() {
    const risks = this.findings.filter((f) => f.severity === 'risk').length;
    const now = performance.now();
    if (!risks || (this.heldAt && now - this.heldAt < REVIEW_MS)) {
      this.heldAt = 0;
      if (this.notice?.review) this.notice = null;
      return false;
    }
    this.heldAt = now;
    this.notice = { key: 'chipReview', args: [risks], until: now + REVIEW_MS, review: true };
    this.controller.active = this;
    this.showChip();
    return true;
  }

  /**
   * Inserts the fix of the current `category` suggestion at the end of the
   * post. Asks the checker again first, on the text as it is now, so a fix is
   * never applied to a stale post or twice: once inserted, the suggestion is
   * gone. Waits until the user pauses, with no IME composition open (an
   * insertion inside one corrupts the post): a click followed at once by
   * typing still inserts, after the typing, with every character in place.
   */
  async applySuggestion(category) {
    if (this.inserting) return;
    this.inserting = true;
    this.resolving = category;
    this.showChip();
    try {
      for (let attempt = 0; attempt < MAX_INSERT_ATTEMPTS && !this.gone; attempt++) {
        await this.userPaused();
        const text = this.read().text;
        const reply = await this.controller.analyze(text);
        const fix = reply?.findings.find((f) => f.category === category && f.fix)?.fix;
        if (!fix) return;
        if (this.composing || this.read().text !== text) continue; // the user went on meanwhile
        const outcome = await gpInsertAtEnd(this.el, this.kind, fix.text);
        if (outcome !== 'interrupted') {
          this.lastTrustedAt = performance.now(); // the editor renders our insertion: a change of the user's
          return;
        }
      }
    } finally {
      this.inserting = false;
      this.schedule();
    }
  }

  /**
   * Resolves once no composition is open and the user's last input is
   * UNDO_GROUPING_MS old, so Ctrl+Z undoes the insertion alone, not the
   * user's last words with it.
   */
  async userPaused() {
    for (;;) {
      if (this.composing) await new Promise((r) => { this.compositionEnded = r; });
      const wait = this.lastInputAt + UNDO_GROUPING_MS - performance.now();
      if (wait <= 0 && !this.composing) return;
      await new Promise((r) => setTimeout(r, Math.max(wait, 0)));
    }
  }

  /**
   * An IME composition started or ended in the editor. Only the user's
   * start counts; any end does, since ending the wait can only let an
   * insertion through (and Chromium marks the end of a composition that
   * insertText commits, e.g. DevTools' Input.insertText, as untrusted).
   */
  noteComposition(event) {
    const start = event.type === 'compositionstart';
    if (start && !isUserEvent(event)) return;
    this.composing = start;
    if (!this.composing) {
      this.lastInputAt = performance.now(); // the committed text is the user's latest input
      this.compositionEnded?.();
      this.compositionEnded = null;
    }
  }

  dismiss(finding) {
    this.dismissed.add(findingKey(finding, this.text));
    this.reshow();
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

  /** The caret's offset in the text last checked, or -1. */
  caretOffset() {
    if (this.kind === 'textarea') return this.el.selectionStart;
    const selection = gpSelectionOf(this.el);
    if (!selection?.rangeCount || !this.map || !this.el.contains(selection.focusNode)) return -1;
    return gpOffsetOf(this.map, selection.focusNode, selection.focusOffset);
  }

  /** The painted finding under the caret, if any (for Alt+Enter). */
  findingAtCaret() {
    return paintedAt(this.painted, this.caretOffset());
  }

  /** The painted finding nearest the caret (for Alt+Enter a little outside an underline), or null. */
  findingNearCaret() {
    return nearestPainted(this.painted, this.caretOffset());
  }

  saveSelection() {
    if (this.kind === 'textarea') return [this.el.selectionStart, this.el.selectionEnd];
    const sel = gpSelectionOf(this.el);
    return sel?.rangeCount ? sel.getRangeAt(0).cloneRange() : null;
  }

  restoreSelection(saved) {
    this.el.focus({ preventScroll: true });
    if (!saved) return;
    if (this.kind === 'textarea') this.el.setSelectionRange(saved[0], saved[1]);
    else {
      const sel = document.getSelection();
      sel.removeAllRanges();
      sel.addRange(saved);
    }
  }
}

// ---- all editors of a page

export class Controller {
  constructor({ analyze, t, openGuide, chipShown = (box) => gpIsShown(box.el), onShow = () => {}, trust = false }) {
    this.analyze = analyze;
    this.trust = trust;
    this.t = t;
    this.openGuide = openGuide;
    this.chipShown = chipShown;
    this.onShow = onShow;
    this.boxes = new Map();    // editor element → EditorBox
    this.card = new GpCard();
    this.chip = new GpChip();
    this.active = null;        // the box being written in
    this.enabled = true;       // false: nothing is checked or painted
    this.review = false;       // the second look before publishing (the extension turns it on, by setting)
    this.hoverTimer = 0;
    this.hoverFrame = 0;
    this.layoutFrame = 0;
  }

  /** The box of an editor element, made on first use. */
  box(el, kind) {
    let box = this.boxes.get(el);
    if (!box) {
      box = new EditorBox(this, el, kind);
      this.boxes.set(el, box);
    }
    return box;
  }

  /** The box whose editor holds `node` (a node of the editor's own tree), or null. */
  boxOf(node) {
    if (!(node instanceof Node)) return null;
    for (const box of this.boxes.values()) if (box.el === node || box.el.contains(node)) return box;
    return null;
  }

  /** An editor left the page. */
  forget(el) {
    const box = this.boxes.get(el);
    if (!box) return;
    box.destroy();
    this.boxes.delete(el);
    if (this.active === box) {
      this.active = null;
      this.chip.hide();
    }
  }

  /** The user interacted with `box`'s editor by trusted input. */
  noteTrusted(box) {
    box.noteTrusted();
  }

  /** The user typed in `box`. */
  noteInput(box) {
    this.active = box;
    box.lastInputAt = performance.now();
    box.schedule();
  }

  /** Hides the card and the chip (the findings stay painted). */
  hideUi() {
    this.chip.hide();
    this.card.close(false);
  }

  /** Turns checking on or off; off clears every box. */
  setEnabled(enabled) {
    this.enabled = enabled;
    for (const box of this.boxes.values()) {
      if (enabled) box.schedule();
      else box.clear();
    }
    if (!enabled) this.hideUi();
  }

  openCard(box, item, how) {
    const rects = item.range.getClientRects();
    const anchor = rects[0] || box.el.getBoundingClientRect();
    const { finding } = item;
    const actions = {
      dismiss: () => box.dismiss(finding),
      open: () => this.openGuide(finding),
    };
    if (finding.fix) actions.apply = () => box.applySuggestion(finding.category);
    if (box.painted.length > 1) {
      actions.next = () => this.openNeighbour(box, item, 1);
      actions.previous = () => this.openNeighbour(box, item, -1);
    }
    // Going from card to card keeps the place the user was writing at.
    let returnFocus = this.card.current?.returnFocus;
    if (how !== 'neighbour') {
      const selection = box.saveSelection();
      returnFocus = () => box.restoreSelection(selection);
    }
    // The card keeps off the chip and the site's buttons around the editor.
    const composer = gpComposerOf(box.el);
    const avoid = composer ? gpControlsIn(composer, box.el).map((el) => el.getBoundingClientRect()) : [];
    const chip = this.chip.rect();
    if (chip) avoid.push(chip);
    this.card.open(finding, anchor, actions, this.t, {
      avoid,
      pinned: how !== 'hover',
      focus: how === 'keyboard' || how === 'neighbour',
      returnFocus,
    });
    this.card.current.box = box;
  }

  /** Opens the card of the finding after (step 1) or before (-1) `item` in the post, round the end. */
  openNeighbour(box, item, step) {
    const order = [...box.painted].sort((a, b) => a.finding.start - b.finding.start || a.finding.end - b.finding.end);
    const at = order.findIndex((p) => p.finding === item.finding);
    if (at < 0 || order.length < 2) return;
    this.openCard(box, order[(at + step + order.length) % order.length], 'neighbour');
  }

  /** The painted passage under a viewport point: { box, item } or null
   * (never the passage of a suggestion being applied). */
  hit(x, y) {
    for (const box of this.boxes.values()) {
      const painted = box.resolving ? box.painted.filter((p) => p.finding.category !== box.resolving) : box.painted;
      const i = gpHitTest(painted, x, y);
      if (i >= 0) return { box, item: painted[i] };
    }
    return null;
  }

  /** Keeps the chip and the textarea mirrors in place (the card stays where it is). */
  relayout() {
    if (this.layoutFrame) return;
    this.layoutFrame = requestAnimationFrame(() => {
      this.layoutFrame = 0;
      for (const box of this.boxes.values()) box.mirror?.sync();
      if (this.active && this.enabled) this.active.showChip();
    });
  }

  /** The box whose composer holds the site's publish control `control`, or null. */
  boxOfControl(control) {
    for (const box of this.boxes.values()) {
      const composer = gpComposerOf(box.el);
      if (composer?.contains(control)) return box;
    }
    return null;
  }

  /** A press the second look holds: stopped before the site sees it, and nothing else happens to it. */
  hold(event) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  /**
   * A browser shortcut (manifest "commands"): open the remark at the caret
   * (or the nearest) of the editor being written in, or the next or previous
   * one from the open card or the caret.
   */
  command(name) {
    const box = this.active;
    if (!this.enabled || !box?.painted.length) return;
    const open = this.card.isOpen && this.card.current.box === box ? box.painted.find((p) => p.finding === this.card.current.finding) : null;
    if (open && name !== 'open-remark') return this.openNeighbour(box, open, name === 'next-remark' ? 1 : -1);
    const item = box.findingAtCaret() ?? box.findingNearCaret() ?? box.painted[0];
    if (name === 'open-remark' || !open) this.openCard(box, item, 'keyboard');
  }

  onKeydown(event) {
    if (!isUserEvent(event)) return; // a script's keys open and close nothing
    if (this.review && this.enabled && event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey && !event.isComposing) {
      const box = this.boxOf(event.composedPath()[0]);
      if (box && gpSendsOnEnter(box.el) && box.holdPublish()) return this.hold(event);
    }
    // Escape closes an open card and nothing else (a composer dialog under it stays open).
    if (event.key === 'Escape' && this.card.isOpen) {
      event.preventDefault();
      event.stopImmediatePropagation();
      this.card.close(true);
      return;
    }
    // Alt+Enter opens the card of the passage the caret is in, or else of
    // the nearest one, so a caret just beside an underline does not let the
    // key through into the post. Only in an editor with nothing underlined
    // does the key go to the editor untouched.
    if (isCardKey(event)) {
      const box = this.boxOf(event.composedPath()[0]);
      const item = box?.findingAtCaret() ?? box?.findingNearCaret();
      if (item) {
        event.preventDefault();
        event.stopImmediatePropagation();
        this.openCard(box, item, 'keyboard');
      }
    }
  }

  onClick(event) {
    if (!isUserEvent(event)) return; // a script's click opens no card
    if (this.review && this.enabled) {
      const control = gpControlOf(event);
      const box = control && gpIsPublish(control) ? this.boxOfControl(control) : null;
      if (box?.holdPublish()) return this.hold(event);
    }
    const inner = event.composedPath()[0];
    if (this.card.contains(inner) || this.chip.contains(inner)) return;
    const found = this.hit(event.clientX, event.clientY);
    if (found) this.openCard(found.box, found.item, 'click');
    else if (this.card.isOpen) this.card.close(false);
  }

  // Hover: a card opens after the pointer rests on an underline, and goes
  // away when it leaves (unless it was opened by click or keyboard).
  onMousemove(event) {
    if (!isUserEvent(event) || this.hoverFrame) return;
    const { clientX: x, clientY: y } = event;
    const inner = event.composedPath()[0];
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      const { card } = this;
      if (card.contains(inner)) return clearTimeout(this.hoverTimer);
      const found = this.hit(x, y);
      clearTimeout(this.hoverTimer);
      if (found) {
        if (card.current?.finding === found.item.finding) return;
        this.hoverTimer = setTimeout(() => this.openCard(found.box, found.item, 'hover'), HOVER_OPEN_MS);
      } else if (card.isOpen && !card.current.pinned) {
        this.hoverTimer = setTimeout(() => card.isOpen && !card.current.pinned && card.close(false), HOVER_CLOSE_MS);
      }
    });
  }

  /** Listens on the window: keys and clicks in the capture phase, the pointer and scrolling passively. */
  listen(target = globalThis) {
    target.addEventListener('keydown', (e) => this.onKeydown(e), true);
    target.addEventListener('click', (e) => this.onClick(e), true);
    target.addEventListener('mousemove', (e) => this.onMousemove(e), { capture: true, passive: true });
    const relayout = () => this.relayout();
    target.addEventListener('scroll', relayout, { capture: true, passive: true });
    target.addEventListener('resize', relayout, { passive: true });
  }
}
