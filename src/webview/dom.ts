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
