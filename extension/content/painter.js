// Underlines findings with the CSS Custom Highlight API: ranges are painted
// by the browser over the editor's own text, so the editor's DOM is never
// touched. One Highlight per severity; the colours live in highlight.css
// (and, for shadow roots, in a stylesheet adopted there).

export const GP_SEVERITIES = ['risk', 'caution', 'suggestion'];
const GP_PRIORITY = { risk: 3, caution: 2, suggestion: 1 };

/** The registry entry for a severity, (re)created if the page removed it. */
function gpHighlight(severity) {
  const name = `guidepost-${severity}`;
  let h = CSS.highlights.get(name);
  if (!h) {
    h = new Highlight();
    h.priority = GP_PRIORITY[severity];
    CSS.highlights.set(name, h);
  }
  return h;
}

/** Replaces the ranges painted for one owner (an editor) with `painted`. */
export function gpPaint(previous, painted) {
  for (const { range, finding } of previous) gpHighlight(finding.severity).delete(range);
  for (const { range, finding } of painted) gpHighlight(finding.severity).add(range);
}

// ::highlight() rules do not cross into shadow trees: each shadow root that
// holds an editor gets the same rules as an adopted (constructed) stylesheet,
// which also needs no 'unsafe-inline' in the page's CSP.
export const GP_HIGHLIGHT_RULES = `
::highlight(guidepost-risk) { text-decoration: underline wavy #c62828; text-decoration-thickness: 2px; text-underline-offset: 3px; background-color: rgba(198, 40, 40, 0.10); }
::highlight(guidepost-caution) { text-decoration: underline wavy #b26a00; text-decoration-thickness: 2px; text-underline-offset: 3px; background-color: rgba(178, 106, 0, 0.10); }
::highlight(guidepost-suggestion) { text-decoration: underline dotted #1565c0; text-decoration-thickness: 2px; text-underline-offset: 3px; }
`;

let gpHighlightSheet = null;
const gpStyledRoots = new WeakSet();

export function gpStyleShadowRoot(root) {
  if (!(root instanceof ShadowRoot) || gpStyledRoots.has(root)) return;
  gpStyledRoots.add(root);
  if (!gpHighlightSheet) {
    gpHighlightSheet = new CSSStyleSheet();
    gpHighlightSheet.replaceSync(GP_HIGHLIGHT_RULES);
  }
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, gpHighlightSheet];
}

/** Index of the painted range under the point (x, y) in viewport pixels, or -1. */
export function gpHitTest(painted, x, y) {
  for (let i = 0; i < painted.length; i++) {
    for (const r of painted[i].range.getClientRects()) {
      if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 2 && y <= r.bottom + 2) return i;
    }
  }
  return -1;
}
