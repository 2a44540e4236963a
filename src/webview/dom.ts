/** Small DOM helpers: every node is built with createElement and textContent, never innerHTML. */

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

export function button(label: string, onClick: () => void, className = 'button'): HTMLButtonElement {
  const node = element('button', label, className);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

/** A labelled native <select>; `''` is the "all" option when `allLabel` is given. */
export function select(label: string, options: ReadonlyArray<{ value: string; text: string }>, value: string, onChange: (value: string) => void): HTMLLabelElement {
  const wrapper = element('label', undefined, 'field');
  wrapper.append(element('span', label, 'field-label'));
  const control = element('select');
  for (const option of options) {
    const node = element('option', option.text);
    node.value = option.value;
    control.append(node);
  }
  control.value = value;
  control.addEventListener('change', () => onChange(control.value));
  wrapper.append(control);
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
