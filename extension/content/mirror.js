// A <textarea> has no DOM text to put a Range on, so its underlines are drawn
// on a mirror: a copy of its text with the same font, padding and wrapping,
// laid exactly over it, transparent and click-through. The mirror lives in a
// closed shadow root on <body>, outside the textarea and outside the page's
// reach; the textarea itself is never touched.

import { GP_HIGHLIGHT_RULES } from './painter.js';

const GP_MIRRORED_PROPS = [
  'box-sizing', 'font-family', 'font-size', 'font-weight', 'font-style', 'font-stretch',
  'font-variant', 'font-feature-settings', 'font-kerning', 'letter-spacing', 'word-spacing',
  'line-height', 'text-transform', 'text-indent', 'text-align', 'direction', 'tab-size',
  'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width',
  'white-space', 'overflow-wrap', 'word-break',
];

const GP_MIRROR_RULES = `
:host { all: initial; position: fixed; pointer-events: none; z-index: 2147483000; }
.text { position: absolute; inset: 0; overflow: hidden; color: transparent; border-style: solid;
        border-color: transparent; background: transparent; white-space: pre-wrap; overflow-wrap: break-word; }
` + GP_HIGHLIGHT_RULES;

let gpMirrorSheet = null;

export class GpMirror {
  constructor(textarea) {
    this.textarea = textarea;
    this.host = document.createElement('div');
    const shadow = this.host.attachShadow({ mode: 'closed' });
    if (!gpMirrorSheet) {
      gpMirrorSheet = new CSSStyleSheet();
      gpMirrorSheet.replaceSync(GP_MIRROR_RULES);
    }
    shadow.adoptedStyleSheets = [gpMirrorSheet];
    this.box = document.createElement('div');
    this.box.className = 'text';
    this.node = document.createTextNode('');
    this.box.append(this.node);
    shadow.append(this.box);
    document.body.append(this.host);
    // The user can drag a textarea bigger: follow it.
    this.resize = new ResizeObserver(() => this.sync());
    this.resize.observe(textarea);
  }

  /** Copies text, metrics, position and scroll from the textarea. */
  sync() {
    const ta = this.textarea;
    if (this.node.data !== ta.value) this.node.data = ta.value;
    const cs = getComputedStyle(ta);
    for (const p of GP_MIRRORED_PROPS) this.box.style.setProperty(p, cs.getPropertyValue(p));
    // A vertical scrollbar narrows the textarea's text area: narrow the mirror too.
    const scrollbar = ta.offsetWidth - ta.clientWidth - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth);
    if (scrollbar > 0) this.box.style.paddingRight = `${parseFloat(cs.paddingRight) + scrollbar}px`;
    const r = ta.getBoundingClientRect();
    Object.assign(this.host.style, { left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
    this.box.scrollTop = ta.scrollTop;
    this.box.scrollLeft = ta.scrollLeft;
  }

  rangeFor(start, end) {
    const range = new Range();
    const len = this.node.data.length;
    range.setStart(this.node, Math.min(start, len));
    range.setEnd(this.node, Math.min(end, len));
    return range;
  }

  remove() {
    this.resize.disconnect();
    this.host.remove();
  }
}
