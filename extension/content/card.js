// The card that explains one finding: what is wrong, which section of the
// guideline says so, and what can be done. It opens on click or hover over
// an underline, or with Alt+Enter when the caret is in one. Escape closes it.

import { categoryKey } from '../format.js';
import { gpCreateUiHost, gpEl, gpHiddenEl as gpText, gpSetHiddenText } from './ui-style.js';

// Every text of the card is generated content (gpText), never a text node:
// the page's window.find() would otherwise find it, closed shadow root or not.

const GP_CARD_RULES = `
:host { position: fixed; z-index: 2147483646; }
.panel { width: 320px; max-width: calc(100vw - 16px); padding: 12px 14px; }
.head { display: flex; align-items: center; gap: 8px; margin-bottom: 6px; }
.cat { font-weight: 600; flex: 1; }
.close { border: none; background: transparent; color: var(--fg); font-size: 18px; line-height: 1; padding: 2px 6px; }
.msg { margin: 0 0 6px; }
.section { margin: 0 0 10px; color: var(--muted); font-size: 13px; }
.why { margin: 0 0 6px; font-size: 13px; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; }
.hint { margin: 8px 0 0; color: var(--muted); font-size: 12px; }
`;

export class GpCard {
  constructor() {
    this.ui = null;
    this.current = null; // { finding, pinned, returnFocus }
  }

  get isOpen() {
    return this.current !== null;
  }

  contains(node) {
    return !!this.ui && node instanceof Node && (node === this.ui.host || this.ui.host.contains(node));
  }

  /**
   * @param finding   the finding to explain
   * @param anchor    DOMRect to place the card under
   * @param actions   { apply?: () => void, dismiss: () => void, open: () => void,
   *                    next?: () => void, previous?: () => void (the editor's other findings) }
   * @param opts      { pinned: bool (click/keyboard, not hover), focus: bool, returnFocus?: () => void,
   *                    avoid?: DOMRects to keep off (the chip, the site's controls) }
   */
  open(finding, anchor, actions, t, opts) {
    this.close(false);
    if (!this.ui) {
      this.ui = gpCreateUiHost(GP_CARD_RULES);
      // One live region for the card's whole life: screen readers announce
      // changes to a region they know, not a region that has just appeared.
      this.live = gpEl('div', 'visually-hidden');
      this.live.setAttribute('aria-live', 'polite');
      this.ui.shadow.append(this.live);
    }
    const { shadow, host } = this.ui;
    this.panel?.remove();
    const panel = gpEl('div', 'panel');
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-modal', 'false');
    const category = t(categoryKey(finding.category));
    panel.setAttribute('aria-label', `${t('cardDialogLabel')}: ${category}`);

    const head = gpEl('div', 'head');
    head.append(gpText('span', `sev sev-${finding.severity}`, t(`sev_${finding.severity}`)), gpText('span', 'cat', category));
    const close = gpText('button', 'close', '×');
    close.setAttribute('aria-label', t('cardClose'));
    close.addEventListener('click', (e) => e.isTrusted && this.close(true));
    head.append(close);

    const msg = gpText('p', 'msg', finding.message);
    msg.id = 'gp-card-message'; // the dialog's description (ids are the shadow root's own)
    panel.setAttribute('aria-describedby', msg.id);
    const section = gpText('p', 'section', t('cardSection', finding.section));
    // A learned head's finding says so, and names the words that weighed
    // most (quoted as text, never as markup).
    const why = finding.explanation && finding.explanation.words.length
      ? gpText('p', 'why', t('cardLearned',
        finding.explanation.words.map((w) => `“${w}”`).join(', '),
        `${Math.round(finding.explanation.score * 100)} %`))
      : null;
    const buttons = gpEl('div', 'actions');
    // `again`: the action can be repeated (opening the guideline); the others
    // change the post or the card, once.
    const add = (label, run, primary, again = false) => {
      const b = gpText('button', primary ? 'primary' : '', label);
      b.type = 'button';
      b.addEventListener('click', (e) => {
        if (!e.isTrusted) return; // the user's click only
        if (!again) b.disabled = true; // one click, one action
        run();
      });
      buttons.append(b);
      return b;
    };
    if (actions.apply) add(t('cardApplyFix'), () => { this.close(false); actions.apply(); }, true);
    add(t('cardDismiss'), () => { this.close(true); actions.dismiss(); });
    add(t('cardOpenSection'), () => actions.open(), false, true);
    const hint = gpText('p', 'hint', t('cardKeyboardHint'));
    panel.append(head, msg, ...(why ? [why] : []), section, buttons, hint);
    shadow.append(panel);
    this.panel = panel;

    panel.addEventListener('keydown', (e) => {
      if (!e.isTrusted) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.close(true);
      } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
        // The next or previous finding of the editor, its card in place of this one.
        const go = e.key === 'ArrowDown' ? actions.next : actions.previous;
        if (!go) return;
        e.preventDefault();
        e.stopPropagation();
        go();
      } else if (e.key === 'Tab') {
        // The focus stays in the open card (Tab and Shift+Tab go round its
        // buttons) until Escape or a button closes it and gives it back.
        const stops = [...panel.querySelectorAll('button')].filter((b) => !b.disabled);
        if (!stops.length) return;
        e.preventDefault();
        e.stopPropagation();
        const at = stops.indexOf(shadow.activeElement);
        stops[(at + (e.shiftKey ? -1 : 1) + stops.length) % stops.length].focus();
      }
    });
    this.current = { finding, pinned: !!opts.pinned, returnFocus: opts.returnFocus };
    host.hidden = false;
    this.place(anchor, opts.avoid);
    gpSetHiddenText(this.live, '');
    requestAnimationFrame(() => { gpSetHiddenText(this.live, t('announceCard', category, finding.message)); });
    if (opts.focus) (buttons.firstElementChild || close).focus();
  }

  /**
   * Under the passage, else over it, else the nearest place above or below
   * the rects of `avoid` (the chip, the site's controls around the editor):
   * the first that is inside the window and covers neither the passage's
   * line nor any of them; when none is, under the passage.
   */
  place(anchor, avoid = []) {
    const { host } = this.ui;
    const width = Math.min(320, window.innerWidth - 16);
    const left = Math.max(8, Math.min(anchor.left, window.innerWidth - width - 8));
    host.style.left = `${left}px`;
    host.style.top = `${anchor.bottom + 6}px`;
    const height = host.getBoundingClientRect().height;
    const keepOff = [anchor, ...avoid].filter((r) => r.width > 0 && r.height > 0);
    const covers = (top) => keepOff.some((r) => left < r.right && left + width > r.left && top < r.bottom && top + height > r.top);
    const fits = (top) => top >= 0 && top + height <= window.innerHeight;
    const below = anchor.bottom + 6;
    const tops = [below, anchor.top - 6 - height, ...keepOff.flatMap((r) => [r.bottom + 6, r.top - 6 - height])];
    const free = tops.filter((top) => fits(top) && !covers(top));
    const nearest = (a, b) => Math.abs(a - below) - Math.abs(b - below);
    const top = free.sort(nearest)[0] ?? below;
    host.style.top = `${top}px`;
  }

  /** Closes the card; with `restore`, gives focus back to where the user was writing. */
  close(restore) {
    if (!this.current) return;
    const { returnFocus } = this.current;
    this.current = null;
    this.panel?.remove();
    this.panel = null;
    this.ui.host.hidden = true;
    if (restore && returnFocus) returnFocus();
  }
}
