// Adds a suggestion's text (a disclaimer, hashtags) at the end of a post
// through the paths the editor itself handles, so its model sees the change
// and one Ctrl+Z takes it away again. Never by writing the editor's DOM: the
// editor would overwrite or, worse, half-adopt such a change.

import { gpEndPosition, gpOffsetOf, gpReadEditable } from './text-map.js';

/** Resolves after the next selectionchange (or shortly, if the caret was already there) and a frame. */
function gpSelectionSettled() {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      document.removeEventListener('selectionchange', finish);
      requestAnimationFrame(() => resolve());
    };
    document.addEventListener('selectionchange', finish);
    setTimeout(finish, 60);
  });
}

/**
 * The selection as seen from inside the editor's tree. Chromium retargets
 * document.getSelection() to the shadow host for a caret inside a shadow
 * root; ShadowRoot.getSelection() (Chromium only) gives the real nodes.
 */
export function gpSelectionOf(editor) {
  const root = editor.getRootNode();
  return typeof root.getSelection === 'function' ? root.getSelection() : document.getSelection();
}

/** Puts the caret at text offset `offset` of a rich editor (its end when past it). */
function gpCaretAt(editor, offset) {
  const map = gpReadEditable(editor);
  const at = Math.min(offset, map.text.length);
  const [node, nodeOffset] = map.segments.length ? gpEndPosition(map, editor, at) : [editor, 0];
  const selection = document.getSelection();
  selection.removeAllRanges();
  const range = new Range();
  range.setStart(node, nodeOffset);
  selection.addRange(range);
}

/**
 * Where the user is writing, as text offsets (they survive an insertion at
 * the end, which the editor's DOM nodes may not): { start, end, atEnd }, or
 * null when the caret is not in the editor.
 */
function gpSaveCaret(editor, kind) {
  if (kind === 'textarea') {
    if (document.activeElement !== editor && editor.getRootNode().activeElement !== editor) return null;
    const { selectionStart: start, selectionEnd: end } = editor;
    return { start, end, atEnd: end === editor.value.length };
  }
  const selection = gpSelectionOf(editor);
  if (!selection?.rangeCount || !editor.contains(selection.focusNode)) return null;
  const map = gpReadEditable(editor);
  const start = gpOffsetOf(map, selection.anchorNode, selection.anchorOffset);
  const end = gpOffsetOf(map, selection.focusNode, selection.focusOffset);
  return { start, end, atEnd: Math.max(start, end) === map.text.length };
}

/** Puts the caret back where gpSaveCaret found it (a selection collapses to its focus end). */
function gpRestoreCaret(editor, kind, saved) {
  if (!saved) return;
  if (kind === 'textarea') editor.setSelectionRange(saved.start, saved.end);
  else gpCaretAt(editor, saved.end);
}

/**
 * A synthetic paste: Lexical, Quill and ProseMirror read event.clipboardData
 * and insert through their own models. Returns whether the editor took it
 * (they all cancel the event they handle).
 */
function gpPaste(editor, text) {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  // Firefox builds a constructed paste event's clipboardData from its own
  // init members `dataType` and `data`, not from `clipboardData` (without
  // them Lexical took the paste and inserted nothing); Chromium ignores them.
  const event = new ClipboardEvent('paste', {
    clipboardData: data, dataType: 'text/plain', data: text, bubbles: true, cancelable: true, composed: true,
  });
  editor.dispatchEvent(event);
  return event.defaultPrevented;
}

/**
 * Inserts `text` at the end of the editor, and puts the caret back where the
 * user was writing (after the inserted text when that was the end).
 * Multi-line text goes in as a paste: Lexical drops inserted text containing
 * newlines, and its line-break command can wipe the post. Single-line text
 * goes in as the browser's own insertText, which every editor handles as
 * typing.
 *
 * Moving the caret to the end and waiting for the editor to see it takes a
 * frame or so. A key the user presses meanwhile must land where they were
 * writing, not at the end: the user's keydown, caught before the editor's
 * own handlers, puts the caret back at once, and an insertion not yet made
 * is called off ('interrupted'; the caller tries again when the user
 * pauses). A composition that starts, or a click, also calls it off.
 * Returns 'inserted', 'interrupted' or 'refused' (the editor took nothing).
 */
export async function gpInsertAtEnd(editor, kind, text) {
  const saved = gpSaveCaret(editor, kind);
  let interrupted = false;
  const interrupt = (event) => {
    if (!event.isTrusted || interrupted) return;
    interrupted = true;
    if (event.type !== 'pointerdown') gpRestoreCaret(editor, kind, saved); // a click places the caret itself
  };
  const types = ['keydown', 'compositionstart', 'pointerdown'];
  for (const type of types) addEventListener(type, interrupt, true);
  try {
    editor.focus({ preventScroll: true });
    if (kind === 'textarea') {
      editor.setSelectionRange(editor.value.length, editor.value.length);
      gpInsertIntoTextarea(editor, text);
    } else {
      gpCaretAt(editor, Infinity);
      await gpSelectionSettled();
      if (interrupted) return 'interrupted';
      const done = (text.includes('\n') && gpPaste(editor, text)) || document.execCommand('insertText', false, text);
      if (!done) return 'refused';
      await gpSelectionSettled(); // the editor renders the insertion and sets its caret
    }
    if (!interrupted && !saved?.atEnd) gpRestoreCaret(editor, kind, saved);
    return 'inserted';
  } finally {
    for (const type of types) removeEventListener(type, interrupt, true);
  }
}

/** A textarea: execCommand keeps the browser's undo stack; setRangeText is the fallback. */
function gpInsertIntoTextarea(textarea, text) {
  const end = textarea.value.length;
  if (document.execCommand('insertText', false, text)) return;
  textarea.setRangeText(text, end, end, 'end');
  textarea.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
}
