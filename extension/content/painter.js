// Underlines findings with the CSS Custom Highlight API: ranges are painted
// by the browser over the editor's own text, so the editor's DOM is never
// touched. One Highlight per severity.
//
// The highlight registry is shared with the page. So that a page cannot tell
// Guidepost is there before anything is painted (by registering a highlight
// of a known name and reading its computed style), the names are new on
// every page load: `guidepost-<severity>-<random>`, and the matching
// ::highlight() rules are injected (as an adopted stylesheet, on the
// document and on each shadow root with an editor) with those names, never
// shipped as a static stylesheet. A page that removes, replaces or empties
// the highlights gets them back on the next animation frame.

export const GP_SEVERITIES = ['risk', 'caution', 'suggestion'];
const GP_PRIORITY = { risk: 3, caution: 2, suggestion: 1 };

/** This page load's random part of the highlight names. */
const GP_NONCE = [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The registry name of a severity's highlight on this page load. */
export const gpHighlightName = (severity) => `guidepost-${severity}-${GP_NONCE}`;

/**
 * The underline of each severity: a line style of its own, so severities
 * differ by more than colour (forced colours make every colour the same),
 * and one colour that keeps at least 3:1 against the composer backgrounds
 * of the sites in light and in dark mode alike: the page's scheme need not
 * be the system's, so the colour cannot follow prefers-color-scheme
 * (tests/unit/painter-colours.test.js).
 */
export const GP_UNDERLINES = {
  risk: { style: 'wavy', colour: '#e75a5a', tint: 'rgba(231, 90, 90, 0.14)' },
  caution: { style: 'dashed', colour: '#cc6e00', tint: 'rgba(204, 110, 0, 0.14)' },
  suggestion: { style: 'dotted', colour: '#4887e5', tint: null },
};

const gpUnderline = ({ style, colour, tint }) =>
  `text-decoration: underline ${style} ${colour}; text-decoration-thickness: 2px; text-underline-offset: 3px;${tint ? ` background-color: ${tint};` : ''}`;

/** The ::highlight() rules for this page load's names. */
export const GP_HIGHLIGHT_RULES = GP_SEVERITIES.map((s) => `::highlight(${gpHighlightName(s)}) { ${gpUnderline(GP_UNDERLINES[s])} }`).join('\n');

// What Guidepost has painted, per severity: its Highlight and, per owner
// (one painted list per editor), the ranges. The registry is checked
// against this on every frame while something is painted.
const gpOwn = new Map();      // severity → Highlight
const gpRanges = new Map();   // severity → Set of ranges
let gpGuardFrame = 0;

function gpHighlight(severity) {
  let h = gpOwn.get(severity);
  if (!h) {
    h = new Highlight();
    h.priority = GP_PRIORITY[severity];
    gpOwn.set(severity, h);
    gpRanges.set(severity, new Set());
  }
  return h;
}

/** Puts back what the page removed: the registry entries, their ranges, the document's rules. */
export function gpRestore() {
  let painted = false;
  for (const severity of GP_SEVERITIES) {
    const ranges = gpRanges.get(severity);
    if (!ranges?.size) continue;
    painted = true;
    const h = gpHighlight(severity);
    const name = gpHighlightName(severity);
    if (CSS.highlights.get(name) !== h) CSS.highlights.set(name, h);
    if (h.priority !== GP_PRIORITY[severity]) h.priority = GP_PRIORITY[severity];
    if (h.type !== 'highlight') h.type = 'highlight';
    let intact = h.size === ranges.size;
    if (intact) for (const r of ranges) if (!h.has(r)) { intact = false; break; }
    if (!intact) {
      h.clear();
      for (const r of ranges) h.add(r);
    }
  }
  if (painted) gpStyleDocument();
  return painted;
}

function gpGuard() {
  if (gpGuardFrame) return;
  gpGuardFrame = requestAnimationFrame(() => {
    gpGuardFrame = 0;
    if (gpRestore()) gpGuard(); // keep watching while anything is painted
  });
}

/** Replaces the ranges painted for one owner (an editor) with `painted`. */
export function gpPaint(previous, painted) {
  for (const { range, finding } of previous) {
    gpHighlight(finding.severity).delete(range);
    gpRanges.get(finding.severity).delete(range);
  }
  for (const { range, finding } of painted) {
    gpHighlight(finding.severity).add(range);
    gpRanges.get(finding.severity).add(range);
  }
  if (gpRestore()) gpGuard();
}

// ::highlight() rules do not cross into shadow trees: the document and each
// shadow root that holds an editor get the rules as an adopted (constructed)
// stylesheet, which also needs no 'unsafe-inline' in the page's CSP.
let gpHighlightSheet = null;
const gpStyledRoots = new WeakSet();

function gpSheet() {
  if (!gpHighlightSheet) {
    gpHighlightSheet = new CSSStyleSheet();
    gpHighlightSheet.replaceSync(GP_HIGHLIGHT_RULES);
  }
  if (gpHighlightSheet.cssRules.length !== GP_SEVERITIES.length) gpHighlightSheet.replaceSync(GP_HIGHLIGHT_RULES);
  return gpHighlightSheet;
}

/** The document's own copy of the rules, added once something is painted (and again if the page took it away). */
function gpStyleDocument() {
  const sheet = gpSheet();
  if (!document.adoptedStyleSheets.includes(sheet)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

export function gpStyleShadowRoot(root) {
  if (!(root instanceof ShadowRoot) || gpStyledRoots.has(root)) return;
  gpStyledRoots.add(root);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, gpSheet()];
}

/** Index of the painted range under the point (x, y) in viewport pixels, or -1. */
export function gpHitTest(painted, x, y) {
  let best = -1;
  for (let i = 0; i < painted.length; i++) {
    if (best >= 0 && gpOutranks(painted[best], painted[i])) continue;
    for (const r of painted[i].range.getClientRects()) {
      if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 2 && y <= r.bottom + 2) { best = i; break; }
    }
  }
  return best;
}

/** Where passages overlap, the card opens for the one drawn on top: the more
 * severe (as the highlight priorities paint it), else the earlier. A hashtag
 * suggestion inside a risky sentence must not hide the risk's card. */
export const gpOutranks = (a, b) => GP_PRIORITY[a.finding.severity] >= GP_PRIORITY[b.finding.severity];
