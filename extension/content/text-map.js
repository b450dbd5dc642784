// Reads a rich editor's text exactly as the checker must see it, with a map
// from every UTF-16 offset back to a DOM position. Offsets from the checker
// are JavaScript string indices, so the map is built from the same strings
// the DOM holds: no normalisation, no trimming, nothing that shifts an index.
//
// Rules: blocks (paragraphs, list items…) are separated by one "\n"; a <br>
// is "\n" unless it is the last thing in its block (Lexical, Quill and
// ProseMirror all put a <br> into an empty or trailing line only to keep it
// open: the browser does not render it as a line break either); an <img alt>
// (an emoji drawn as an image) counts as its alt text; editor furniture
// (placeholders, Quill's list markers, ProseMirror's separators) counts as
// nothing. Placeholders drawn with CSS ::before are not in the DOM at all.

const GP_BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'OL', 'P', 'PRE',
  'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);

const GP_SKIP_SELECTOR = [
  '.ql-ui', '.ql-cursor', '.ProseMirror-separator', '.ProseMirror-widget',
  '[data-lexical-decorator="true"]', '[aria-hidden="true"]', '[contenteditable="false"]',
  'script', 'style', 'template',
].join(',');

/**
 * @returns {{text: string, segments: Array<{start:number,end:number,node:Node,kind:string}>}}
 * kind: 'text' (a Text node), 'break' (a <br>), 'block' (the "\n" before a
 * block element), 'atomic' (an <img> standing for its alt text).
 */
export function gpReadEditable(root) {
  const segments = [];
  let text = '';
  let started = false;       // a first line exists
  let brokeForBlock = false;  // the last thing emitted was a block's "\n"
  let pendingBr = null;       // a <br> that counts only if its block goes on

  const push = (node, kind, str) => {
    segments.push({ start: text.length, end: text.length + str.length, node, kind });
    text += str;
  };
  const flushBr = () => {
    if (pendingBr) {
      push(pendingBr, 'break', '\n');
      pendingBr = null;
    }
  };
  const content = () => {
    flushBr();
    started = true;
    brokeForBlock = false;
  };

  const walk = (parent) => {
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (node.data.length === 0) continue;
        content();
        push(node, 'text', node.data);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.matches(GP_SKIP_SELECTOR)) continue;
        const tag = node.tagName;
        if (tag === 'BR') {
          flushBr();
          started = true;
          brokeForBlock = false;
          pendingBr = node;
        } else if (tag === 'IMG') {
          const alt = node.getAttribute('alt');
          if (alt) {
            content();
            push(node, 'atomic', alt);
          }
        } else if (GP_BLOCK_TAGS.has(tag)) {
          pendingBr = null;
          if (started && !brokeForBlock) {
            push(node, 'block', '\n');
            brokeForBlock = true;
          }
          started = true;
          walk(node);
          pendingBr = null; // a <br> at the end of a block only holds the line open
          brokeForBlock = false;
        } else {
          walk(node);
        }
      }
    }
  };
  walk(root);
  return { text, segments };
}

/** Index of the first item for which `before` is false (items are sorted so it holds for a prefix). */
export function gpPartition(items, before) {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(items[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The DOM position where a range starting at `offset` begins. */
export function gpStartPosition(map, root, offset) {
  const { segments } = map;
  // First segment that ends after the offset: the character at `offset` lives there.
  const seg = segments[gpPartition(segments, (s) => s.end <= offset)];
  if (!seg) return gpEndPosition(map, root, offset);
  const at = Math.max(0, offset - seg.start);
  if (seg.kind === 'text') return [seg.node, at];
  if (seg.kind === 'block') return [seg.node, 0];
  return gpBefore(seg.node);
}

/** The DOM position where a range ending at `offset` (exclusive) ends. */
export function gpEndPosition(map, root, offset) {
  const { segments } = map;
  // Last segment that starts before the offset: the character at offset-1 lives there.
  const seg = segments[gpPartition(segments, (s) => s.start < offset) - 1];
  if (!seg) return [root, 0];
  const at = Math.min(offset, seg.end) - seg.start;
  if (seg.kind === 'text') return [seg.node, at];
  if (seg.kind === 'block') return [seg.node, 0];
  return gpAfter(seg.node);
}

function gpBefore(node) {
  return [node.parentNode, Array.prototype.indexOf.call(node.parentNode.childNodes, node)];
}

function gpAfter(node) {
  const [parent, index] = gpBefore(node);
  return [parent, index + 1];
}

/** A live Range over [start, end) of the text read by gpReadEditable. */
export function gpRangeFor(map, root, start, end) {
  const range = new Range();
  range.setStart(...gpStartPosition(map, root, start));
  range.setEnd(...gpEndPosition(map, root, end));
  return range;
}

/** The text offset of a DOM position (for the caret), or -1. */
export function gpOffsetOf(map, node, offset) {
  for (const seg of map.segments) {
    if (seg.kind === 'text' && seg.node === node) return seg.start + Math.min(offset, seg.end - seg.start);
  }
  // A position between elements: count the segments that lie before it.
  let last = 0;
  for (const seg of map.segments) {
    const probe = new Range();
    probe.setStart(node, offset);
    if (probe.comparePoint(seg.node, 0) <= 0) last = seg.end;
    else break;
  }
  return last;
}
