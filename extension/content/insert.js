// Adds a suggestion's text (a disclaimer, hashtags) at the end of a post
// through the paths the editor itself handles, so its model sees the change
// and one Ctrl+Z takes it away again. Never by writing the editor's DOM: the
// editor would overwrite or, worse, half-adopt such a change.

import { gpEndPosition, gpReadEditable } from './text-map.js';

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

/** Puts the caret after the last character of a rich editor. */
function gpCaretToEnd(editor) {
  const map = gpReadEditable(editor);
  const [node, offset] = map.segments.length ? gpEndPosition(map, editor, map.text.length) : [editor, 0];
  const selection = document.getSelection();
  selection.removeAllRanges();
  const range = new Range();
  range.setStart(node, offset);
  selection.addRange(range);
}

/**
 * A synthetic paste: Lexical, Quill and ProseMirror read event.clipboardData
 * and insert through their own models. Returns whether the editor took it
 * (they all cancel the event they handle).
 */
function gpPaste(editor, text) {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true });
  editor.dispatchEvent(event);
  return event.defaultPrevented;
}

/**
 * Inserts `text` at the end of the editor. Multi-line text goes in as a
 * paste: Lexical drops inserted text containing newlines, and its line-break
 * command can wipe the post. Single-line text goes in as the browser's own
 * insertText, which every editor handles as typing.
 */
export async function gpInsertAtEnd(editor, kind, text) {
  if (kind === 'textarea') return gpInsertIntoTextarea(editor, text);
  editor.focus({ preventScroll: true });
  gpCaretToEnd(editor);
  await gpSelectionSettled();
  if (text.includes('\n') && gpPaste(editor, text)) return true;
  return document.execCommand('insertText', false, text);
}

/** A textarea: execCommand keeps the browser's undo stack; setRangeText is the fallback. */
function gpInsertIntoTextarea(textarea, text) {
  textarea.focus({ preventScroll: true });
  const end = textarea.value.length;
  textarea.setSelectionRange(end, end);
  if (document.execCommand('insertText', false, text)) return true;
  textarea.setRangeText(text, end, end, 'end');
  textarea.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
  return true;
}
