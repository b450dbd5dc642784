// The controller's logic (extension/content/controller.js) in Node, without
// a browser: which finding a card follows, which passage the caret is in,
// the keys it takes, and the scheduling of checks (one request out per
// editor, stale replies dropped). The DOM parts are stubbed; painting and
// the card themselves are tested in Chromium (tests/e2e, tests/www).
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

// Just enough of a browser for an editor box that never paints a range.
globalThis.Node ??= class Node { addEventListener() {} };
globalThis.MutationObserver ??= class { observe() {} disconnect() {} };
globalThis.ShadowRoot ??= class ShadowRoot {};

const {
  Controller, chipSuggestions, findingKey, isCardKey, nearestPainted, paintedAt, sameFinding, shownFindings, MAX_RETRIES, UNDO_GROUPING_MS,
} = await import('../../extension/content/controller.js');

const f = (rule, start, end, extra = {}) => ({ rule, start, end, category: rule.split('/')[0], severity: 'risk', ...extra });
const tick = () => new Promise((r) => setTimeout(r, 0));

test('findingKey: the rule and the words, not the place', () => {
  const text = 'idiot here, idiot there';
  assert.equal(findingKey(f('offensive/x', 0, 5), text), findingKey(f('offensive/x', 12, 17), text));
  assert.notEqual(findingKey(f('offensive/x', 0, 5), text), findingKey(f('offensive/y', 0, 5), text));
});

test('shownFindings: a dismissed passage stays hidden wherever it moves; others stay', () => {
  const dismissed = new Set([findingKey(f('offensive/x', 0, 5), 'idiot')]);
  const text = 'Well, idiot. 131052-308T';
  const all = [f('offensive/x', 6, 11), f('personal-data/hetu', 13, 24)];
  assert.deepEqual(shownFindings(all, dismissed, text).map((x) => x.rule), ['personal-data/hetu']);
});

test('sameFinding: the card follows the same rule at the same place, else closes', () => {
  const was = f('rumor/heard', 0, 12, { message: 'old' });
  const now = [f('offensive/x', 20, 25), f('rumor/heard', 0, 12, { message: 'new' })];
  assert.equal(sameFinding(now, was).message, 'new');
  assert.equal(sameFinding([f('rumor/heard', 1, 12)], was), null, 'moved: another finding');
  assert.equal(sameFinding([], was), null);
});

test('nearestPainted: the passage the caret is in, else the closest, the earlier on a tie; none without a caret or passages', () => {
  const painted = [{ finding: f('a/1', 2, 5) }, { finding: f('b/1', 8, 9) }, { finding: f('c/1', 20, 24) }];
  assert.equal(nearestPainted(painted, 3).finding.rule, 'a/1');
  assert.equal(nearestPainted(painted, 0).finding.rule, 'a/1');
  assert.equal(nearestPainted(painted, 7).finding.rule, 'b/1');
  assert.equal(nearestPainted(painted, 30).finding.rule, 'c/1');
  assert.equal(nearestPainted(painted, 14).finding.rule, 'b/1', '5 from b/1, 6 from c/1');
  assert.equal(nearestPainted([{ finding: f('x/1', 0, 2) }, { finding: f('y/1', 6, 8) }], 4).finding.rule, 'x/1', 'a tie: the earlier');
  assert.equal(nearestPainted(painted, -1), null);
  assert.equal(nearestPainted([], 3), null);
});

test('paintedAt: the caret at either end of a passage is in it; -1 is nowhere', () => {
  const painted = [{ finding: f('a/1', 2, 5) }, { finding: f('b/1', 8, 9) }];
  assert.equal(paintedAt(painted, 2).finding.rule, 'a/1');
  assert.equal(paintedAt(painted, 5).finding.rule, 'a/1');
  assert.equal(paintedAt(painted, 6), null);
  assert.equal(paintedAt(painted, 9).finding.rule, 'b/1');
  assert.equal(paintedAt(painted, -1), null);
});

test('paintedAt: where passages overlap, the more severe one is found, else the earlier', () => {
  const sentence = { finding: f('confidential/model', 0, 40) };
  const hashtag = { finding: f('hashtags/x', 10, 20, { severity: 'suggestion' }) };
  assert.equal(paintedAt([hashtag, sentence], 15), sentence, 'a suggestion never hides a risk');
  assert.equal(paintedAt([sentence, hashtag], 15), sentence);
  assert.equal(paintedAt([hashtag, sentence], 30), sentence);
  const other = { finding: f('offensive/x', 12, 18) };
  assert.equal(paintedAt([sentence, other], 15), sentence, 'equal severity: the earlier');
  const rumor = { finding: f('rumor/x', 0, 40, { severity: 'caution' }) };
  assert.equal(paintedAt([rumor, other], 15), other);
});

test('isCardKey: Alt+Enter only', () => {
  const key = (over) => ({ key: 'Enter', altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, ...over });
  assert.equal(isCardKey(key()), true);
  assert.equal(isCardKey(key({ altKey: false })), false, 'Enter is the site\'s');
  assert.equal(isCardKey(key({ ctrlKey: true })), false);
  assert.equal(isCardKey(key({ metaKey: true })), false);
  assert.equal(isCardKey(key({ shiftKey: true })), false);
  assert.equal(isCardKey(key({ key: 'a' })), false);
});

test('chipSuggestions: the disclaimer and the hashtags, when they carry a fix', () => {
  const got = chipSuggestions([
    f('disclaimer/opinion', 0, 10, { fix: { at: 30, text: ' (own views)' } }),
    f('hashtags/missing', 30, 30),
    f('feedback/channel', 30, 30, { fix: { at: 30, text: 'x' } }),
  ]);
  assert.deepEqual(Object.keys(got), ['disclaimer']);
});

// ---- scheduling, with a fake editor and a checker whose answers the test releases

let controller;
let calls;          // [{ text, resolve }]
let shown;          // texts painted, in order
let text;           // what the fake editor holds
let listeners;      // the fake editor's event listeners, by type

function makeBox() {
  calls = [];
  shown = [];
  text = '';
  controller = new Controller({
    analyze: (t) => new Promise((resolve) => calls.push({ text: t, resolve })),
    t: (k) => k,
    openGuide: () => {},
    chipShown: () => false,
    onShow: (box) => shown.push(box.text),
  });
  listeners = {};
  const el = Object.assign(new Node(), {
    getRootNode: () => ({}), contains: () => false, addEventListener: (type, fn) => { listeners[type] = fn; },
  });
  const box = controller.box(el, 'plaintext');
  box.read = () => ({ text, segments: [] });
  return box;
}

const answer = (call, findings = []) => call.resolve({ language: 'en', findings });

beforeEach(() => {
  controller = null;
});

test('a change is checked at once (a microtask later), not on an animation frame', async () => {
  const box = makeBox();
  text = 'hello';
  box.schedule();
  box.schedule();
  assert.equal(calls.length, 0, 'the mutations of one keystroke are gathered');
  await Promise.resolve();
  assert.equal(calls.length, 1);
  assert.equal(calls[0].text, 'hello');
});

test('one request out at a time: changes meanwhile are checked once, with the latest text', async () => {
  const box = makeBox();
  text = 'a';
  box.schedule();
  await tick();
  text = 'ab';
  box.schedule();
  text = 'abc';
  box.schedule();
  await tick();
  assert.equal(calls.length, 1, 'nothing more while the first is out');
  answer(calls[0]);
  await tick();
  assert.deepEqual(shown, [], 'the reply for "a" is not shown: the text changed');
  assert.deepEqual(calls.map((c) => c.text), ['a', 'abc']);
  answer(calls[1], [f('disclaimer/x', 3, 3)]);
  await tick();
  assert.deepEqual(shown, ['abc']);
  assert.deepEqual(box.findings.map((x) => x.rule), ['disclaimer/x']);
  assert.equal(calls.length, 2, 'and then quiet');
});

test('clear() makes the reply out stale; a disabled controller does not ask', async () => {
  const box = makeBox();
  text = 'x';
  box.schedule();
  await tick();
  box.clear();
  answer(calls[0], [f('a/1', 1, 1)]);
  await tick();
  assert.deepEqual(shown, [], 'a cleared box paints nothing from before');
  controller.enabled = false;
  box.schedule();
  await tick();
  assert.equal(calls.length, 1);
});

test('no answer (the worker restarting): asked again, a few times', async () => {
  const box = makeBox();
  text = 'x';
  box.schedule();
  // Each request is answered as soon as it is made (waiting for it, not for
  // a fixed time: a loaded machine runs the 100 ms retry timer late).
  for (let i = 0; i < 1 + MAX_RETRIES; i++) {
    for (let waited = 0; calls.length <= i; waited += 10) {
      assert.ok(waited < 5000, `request ${i + 1} was made`);
      await new Promise((r) => setTimeout(r, 10));
    }
    calls[i].resolve(null);
  }
  await new Promise((r) => setTimeout(r, 300)); // time for a retry too many
  assert.equal(calls.length, 1 + MAX_RETRIES);
  assert.deepEqual(shown, []);
});

test('a dismissal hides the finding at once and through later checks', async () => {
  const box = makeBox();
  text = 'idiot';
  box.schedule();
  await tick();
  answer(calls[0], [f('offensive/x', 5, 5), f('tone/y', 5, 5)]);
  await tick();
  box.dismiss(box.findings[0]);
  assert.deepEqual(box.findings.map((x) => x.rule), ['tone/y']);
  assert.equal(shown.length, 2, 'shown again without asking the checker');
  assert.equal(calls.length, 1);
  box.schedule();
  await tick();
  answer(calls[1], [f('offensive/x', 5, 5), f('tone/y', 5, 5)]);
  await tick();
  assert.deepEqual(box.findings.map((x) => x.rule), ['tone/y']);
});

test('an open card follows its finding through a re-check, and closes when it is gone', async () => {
  const box = makeBox();
  const closed = [];
  controller.card = { isOpen: true, current: { box, finding: f('rumor/heard', 0, 0, { message: 'old' }) }, close: (r) => closed.push(r) };
  text = 'I heard';
  box.schedule();
  await tick();
  answer(calls[0], [f('rumor/heard', 0, 0, { message: 'new' })]);
  await tick();
  assert.equal(controller.card.current.finding.message, 'new');
  assert.deepEqual(closed, []);
  box.schedule();
  await tick();
  answer(calls[1], []);
  await tick();
  assert.deepEqual(closed, [false], 'closed, the focus left where it is');
});

// ---- the keys

function keyEvent(over) {
  const e = {
    isTrusted: true, // the user's key (a script's events are not: see below)
    key: 'Enter', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false,
    prevented: false, stopped: false, target: null,
    preventDefault() { this.prevented = true; },
    stopImmediatePropagation() { this.stopped = true; },
    composedPath() { return [this.target]; },
    ...over,
  };
  return e;
}

test('Escape with a card open closes it, returns the focus, and goes no further; without a card it is the page\'s', () => {
  makeBox();
  const closed = [];
  controller.card = { isOpen: true, close: (r) => closed.push(r) };
  const esc = keyEvent({ key: 'Escape' });
  controller.onKeydown(esc);
  assert.deepEqual([esc.prevented, esc.stopped, closed], [true, true, [true]]);
  controller.card = { isOpen: false, close: () => assert.fail('no card to close') };
  const free = keyEvent({ key: 'Escape' });
  controller.onKeydown(free);
  assert.deepEqual([free.prevented, free.stopped], [false, false]);
});

test('Alt+Enter opens the card of the passage at the caret, else the nearest; with nothing underlined the editor gets the key', () => {
  const box = makeBox();
  const inner = new Node();
  box.el.contains = (n) => n === inner;
  controller.card = { isOpen: false };
  const opened = [];
  controller.openCard = (b, item, how) => opened.push([b, item, how]);
  const item = { finding: f('rumor/heard', 0, 7) };

  box.findingAtCaret = () => null;
  box.findingNearCaret = () => null; // nothing underlined
  const outside = keyEvent({ altKey: true, target: inner });
  controller.onKeydown(outside);
  assert.deepEqual([outside.prevented, outside.stopped, opened.length], [false, false, 0]);

  const near = { finding: f('offensive/x', 10, 15) };
  box.findingNearCaret = () => near; // the caret beside an underline
  const beside = keyEvent({ altKey: true, target: inner });
  controller.onKeydown(beside);
  assert.deepEqual([beside.prevented, beside.stopped], [true, true]);
  assert.deepEqual(opened.splice(0), [[box, near, 'keyboard']]);

  box.findingAtCaret = () => item;
  const inPassage = keyEvent({ altKey: true, target: inner });
  controller.onKeydown(inPassage);
  assert.deepEqual([inPassage.prevented, inPassage.stopped], [true, true]);
  assert.deepEqual(opened, [[box, item, 'keyboard']]);

  const elsewhere = keyEvent({ altKey: true, target: new Node() });
  controller.onKeydown(elsewhere);
  assert.equal(opened.length, 1, 'not in any editor: nothing');
  const shifted = keyEvent({ altKey: true, shiftKey: true, target: inner });
  controller.onKeydown(shifted);
  assert.equal(opened.length, 1, 'Alt+Shift+Enter is not the card key');
});

test('a script\'s keys and clicks are ignored: only trusted events open or close a card', () => {
  const box = makeBox();
  const inner = new Node();
  box.el.contains = (n) => n === inner;
  box.findingAtCaret = () => ({ finding: f('rumor/heard', 0, 7) });
  controller.openCard = () => assert.fail('no card for a script\'s key or click');
  controller.hit = () => assert.fail('a script\'s click is not even hit-tested');
  controller.card = { isOpen: true, close: () => assert.fail('a script\'s Escape closes nothing'), contains: () => false };
  for (const over of [{ key: 'Escape' }, { altKey: true, target: inner }]) {
    const e = keyEvent({ ...over, isTrusted: false });
    controller.onKeydown(e);
    assert.deepEqual([e.prevented, e.stopped], [false, false]);
  }
  controller.onClick({ isTrusted: false, clientX: 1, clientY: 1, composedPath: () => [inner] });
  controller.onMousemove({ isTrusted: false, clientX: 1, clientY: 1, composedPath: () => [inner] });
  assert.equal(controller.hoverFrame, 0);
});

test('with a trusting host, an editor is checked only after the user\'s trusted input, and a script\'s later change waits for the next', async () => {
  const asked = [];
  const c = new Controller({ trust: true, analyze: async (text) => { asked.push(text); return { language: 'en', findings: [] }; }, t: (k) => k, openGuide() {} });
  const box = c.box(Object.assign(new Node(), { contains: () => false, getRootNode: () => ({}), isConnected: true, checkVisibility: () => true }), 'plaintext');
  box.read = () => ({ text: 'guesses', segments: null });
  box.show = () => {};
  box.schedule();
  box.changed();
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(asked, [], 'nothing before the user\'s input');
  box.noteTrusted();
  box.schedule();
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(asked, ['guesses']);
  box.lastTrustedAt -= 5000; // long after the user's last input
  box.changed();
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(asked, ['guesses'], 'a change without the user\'s input is not checked');
  box.noteTrusted();
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(asked, ['guesses', 'guesses'], 'it is, at the user\'s next input');
});

test('an insertion waits while an IME composition is open; a script cannot open one', async () => {
  const box = makeBox();
  const settled = (p, ms = 30) => Promise.race([p.then(() => true), new Promise((r) => setTimeout(() => r(false), ms))]);
  listeners.compositionstart({ type: 'compositionstart', isTrusted: false });
  assert.equal(box.composing, false, 'a script\'s compositionstart is ignored');
  assert.equal(await settled(box.userPaused()), true, 'no composition, no recent input: no wait');
  listeners.compositionstart({ type: 'compositionstart', isTrusted: true });
  assert.equal(box.composing, true);
  const paused = box.userPaused();
  assert.equal(await settled(paused), false, 'waits while the composition is open');
  listeners.compositionend({ type: 'compositionend', isTrusted: false }); // as Chromium marks an insertText commit
  assert.equal(box.composing, false);
  assert.equal(await settled(paused), false, 'and then for the pause after the committed text');
  assert.equal(await settled(paused, UNDO_GROUPING_MS + 100), true, 'done once the user paused');
});

test('a long post is checked slice by slice, painted after each, and an edit asks again only for the slices it changed', async () => {
  const { gpSlices } = await import('../../extension/content/slices.js');
  const paragraph = (i) => `Kappale ${i}: kirjasto on auki ${'huomenna '.repeat(20 + (i * 7) % 60)}.`;
  const long = Array.from({ length: 260 }, (_, i) => paragraph(i)).join('\n');
  const box = makeBox();
  text = long;
  box.schedule();
  const slices = gpSlices(long);
  assert.ok(slices.length >= 3, `${slices.length} slices`);
  for (let i = 0; i < slices.length; i++) {
    await tick();
    assert.equal(calls.length, i + 1, 'one slice out at a time');
    assert.equal(calls[i].text, slices[i].text);
    answer(calls[i], [f('offensive/x', 3, 3), f('hashtags/y', 5, 5, { severity: 'suggestion' })]);
    await tick();
    assert.equal(shown.length, i + 1, 'painted as each slice arrives');
  }
  assert.deepEqual(box.findings.map((x) => x.start), slices.map((s) => s.start + 3), 'offsets into the whole post');
  assert.ok(box.findings.every((x) => x.severity !== 'suggestion'), 'no suggestion of a part stands for the post');
  assert.equal(box.notice.key, 'chipLongPost');

  const at = Math.floor(long.length / 2);
  text = `${long.slice(0, at)} uusi sana ${long.slice(at)}`;
  const before = calls.length;
  box.schedule();
  for (let k = 0; k < 3; k++) {
    await tick();
    for (const call of calls.slice(before)) if (!call.answered) { call.answered = true; answer(call, []); }
  }
  await tick();
  const asked = calls.length - before;
  assert.ok(asked >= 1 && asked <= 2, `${asked} of ${gpSlices(text).length} slices asked again`);

  text = 'Lyhyt julkaisu.';
  box.schedule();
  await tick();
  answer(calls.at(-1), []);
  await tick();
  assert.equal(box.notice, null, 'back under the limit, the notice is gone');
});
