/**
 * Small DOM helpers: every node is built with createElement and textContent, never innerHTML. Buttons and
 * dropdowns are @vscode-elements web components, so they look and behave like VS Code's own; their styles are
 * constructable stylesheets (adoptedStyleSheets), which the webview CSP's style-src does not block.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

let idCounter = 0;
/** A page-unique id for aria-describedby / aria-labelledby links. */
export function uniqueId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A VS Code button; `secondary` for the less prominent one of a pair. */
export function button(label: string, onClick: () => void, options: { secondary?: boolean } = {}): VscodeButton {
  const node = element('vscode-button', label);
  node.secondary = options.secondary ?? false;
  node.addEventListener('click', onClick);
  return node;
}

/** A plain native button (table headings: a full VS Code button would be too heavy there). */
export function plainButton(label: string, onClick: () => void, className: string): HTMLButtonElement {
  const node = element('button', label, className);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

/** A labelled VS Code dropdown. `focusKey` lets a re-render give focus back to it. */
export function select(label: string, options: ReadonlyArray<{ value: string; text: string }>, value: string, focusKey: string, onChange: (value: string) => void): HTMLElement {
  const wrapper = element('div', undefined, 'field');
  const labelId = uniqueId('label');
  const caption = element('span', label, 'field-label');
  caption.id = labelId;
  const control: VscodeSingleSelect = element('vscode-single-select');
  control.setAttribute('aria-labelledby', labelId);
  control.label = label; // the accessible name of the combobox inside the component's shadow root
  control.dataset.focusKey = focusKey;
  for (const option of options) {
    const node = element('vscode-option', option.text);
    node.value = option.value;
    node.selected = option.value === value;
    control.append(node);
  }
  control.value = value;
  control.addEventListener('change', () => onChange(control.value));
  wrapper.append(caption, control);
  return wrapper;
}

/** A cell of {@link simpleTable}: numbers are right-aligned. */
export interface TableCell {
  text: string;
  numeric?: boolean;
  title?: string;
}

/**
 * A read-only table with proper semantics: a caption, column headers (`scope="col"`) and the first cell of
 * each row as its row header (`scope="row"`).
 */
export function simpleTable(className: string, caption: string, headers: readonly string[], rows: ReadonlyArray<readonly TableCell[]>): HTMLTableElement {
  const table = element('table', undefined, className);
  table.append(element('caption', caption));
  const headRow = element('tr');
  for (const label of headers) {
    const th = element('th', label);
    th.scope = 'col';
    headRow.append(th);
  }
  const head = element('thead');
  head.append(headRow);
  const body = element('tbody');
  for (const cells of rows) {
    const row = element('tr');
    cells.forEach((cell, index) => {
      const node = element(index === 0 ? 'th' : 'td', cell.text);
      if (index === 0) node.setAttribute('scope', 'row');
      if (cell.numeric) node.classList.add('number');
      if (cell.title) node.title = cell.title;
      row.append(node);
    });
    body.append(row);
  }
  table.append(head, body);
  return table;
}
