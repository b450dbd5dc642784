// Hosts for Guidepost's own interface (the card, the chip): an element on
// <body> with a closed shadow root, so the page's scripts cannot read what
// they show and the page's styles cannot reach in. Styles are adopted
// stylesheets: no <style> element, nothing for the page's CSP to block.

const GP_UI_RULES = `
:host { all: initial; color-scheme: light dark;
        --fg: #1c1e21; --bg: #fff; --line: #ccd0d5; --button: #f0f2f5; --button-hover: #e4e6eb;
        --muted: #65676b; --name: #444950; --ok: #2e7d32; --accent: #1565c0; --accent-hover: #0d47a1; }
@media (prefers-color-scheme: dark) {
  :host { --fg: #e4e6eb; --bg: #242526; --line: #4a4c50; --button: #3a3b3c; --button-hover: #4e4f50;
          --muted: #b0b3b8; --name: #d0d3d8; --ok: #81c784; --accent: #4d94e8; --accent-hover: #2f7bd6; }
}
:host([hidden]) { display: none !important; }
* { box-sizing: border-box; }
.panel { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
         background: var(--bg); border: 1px solid var(--line); border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.18); }
button { font: inherit; cursor: pointer; border-radius: 6px; border: 1px solid var(--line); background: var(--button);
         color: var(--fg); padding: 4px 10px; }
button:hover { background: var(--button-hover); }
button:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button.primary { background: #1565c0; border-color: #1565c0; color: #fff; }
button.primary:hover { background: #0d47a1; }
button[disabled] { opacity: .6; cursor: default; }
.sev { display: inline-block; font-size: 12px; font-weight: 600; border-radius: 10px; padding: 1px 8px; color: #fff; }
.sev-risk { background: #c62828; }
.sev-caution { background: #8a5300; }  /* 6.3:1 with white text */
.sev-suggestion { background: #1565c0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
[data-gp-text]::before { content: attr(data-gp-text); }
`;

let gpUiSheet = null;

/** Creates a host on <body> with a closed shadow root styled with the UI rules plus `extra`. */
export function gpCreateUiHost(extra) {
  if (!gpUiSheet) {
    gpUiSheet = new CSSStyleSheet();
    gpUiSheet.replaceSync(GP_UI_RULES);
  }
  const own = new CSSStyleSheet();
  own.replaceSync(extra);
  const host = document.createElement('div');
  const shadow = host.attachShadow({ mode: 'closed' });
  shadow.adoptedStyleSheets = [gpUiSheet, own];
  document.body.append(host);
  return { host, shadow };
}

/**
 * Text out of the page's reach: shown as the element's generated content
 * (`content: attr(data-gp-text)` in the closed shadow root), not as a text
 * node, so the page's `window.find()` (which searches closed shadow roots
 * too, but not generated content) cannot match it. Screen readers still read
 * it (generated content is in the accessibility tree). Never markup.
 */
export function gpSetHiddenText(el, text) {
  // A button also gets it as its aria-label: browsers name a button by its
  // generated content, but not every assistive technology (nor axe) does.
  for (const attr of el.tagName === 'BUTTON' ? ['data-gp-text', 'aria-label'] : ['data-gp-text']) {
    if (text) el.setAttribute(attr, text);
    else el.removeAttribute(attr);
  }
  return el;
}

/** gpEl with its text as generated content (see gpSetHiddenText). */
export function gpHiddenEl(tag, className, text) {
  return gpSetHiddenText(gpEl(tag, className), text);
}

/** document.createElement with a class and text (always via textContent: never markup). */
export function gpEl(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}
