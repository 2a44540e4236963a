// The "Estimate this prompt" panel: one row per model, sorted by total cost, with the cheapest and best-fitting
// models marked, a caching comparison over N turns and "Copy as Markdown". All figures come formatted from the host.
import { isEstimateStateNotification, MAX_ESTIMATE_TURNS, type EstimateRowView, type EstimateState } from '../../shared/protocol';
import { vscodeApi } from '../vscodeApi';
import './estimate.css';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function badge(text: string, kind: string): HTMLElement {
  return element('span', text, `badge badge-${kind}`);
}

function header(state: EstimateState): HTMLElement {
  const section = element('header', undefined, 'estimate-header');
  const title = element('h2', `Estimate: ${state.source.label}`);
  const detail = element('p', state.source.detail, 'detail');
  section.append(title, detail);
  const controls = element('div', undefined, 'controls');
  if (state.sources.length > 1) {
    const label = element('label', 'Source ');
    const select = element('select');
    select.id = 'estimate-source';
    for (const option of state.sources) {
      const node = element('option', option.label);
      node.value = option.id;
      node.selected = option.id === state.source.id;
      select.append(node);
    }
    select.addEventListener('change', () => vscodeApi().postMessage({ method: 'estimate.setSource', params: { sourceId: select.value } }));
    label.append(select);
    controls.append(label);
  }
  const turnsLabel = element('label', 'Turns ');
  const turns = element('input');
  turns.id = 'estimate-turns';
  turns.type = 'number';
  turns.min = '1';
  turns.max = String(MAX_ESTIMATE_TURNS);
  turns.value = String(state.turns);
  turns.title = 'How many times the same prompt is sent as a prefix, for the caching comparison';
  turns.addEventListener('change', () => {
    const value = Math.round(Number(turns.value));
    if (Number.isInteger(value) && value >= 1 && value <= MAX_ESTIMATE_TURNS) vscodeApi().postMessage({ method: 'estimate.setTurns', params: { turns: value } });
    else turns.value = String(state.turns);
  });
  turnsLabel.append(turns);
  const copy = element('button', 'Copy as Markdown');
  copy.id = 'estimate-copy';
  copy.addEventListener('click', () => vscodeApi().postMessage({ method: 'estimate.copyMarkdown', params: {} }));
  controls.append(turnsLabel, copy);
  section.append(controls);
  return section;
}

const textColumns = new Set(['Model', 'Window (with output)', 'Fits']);

/** Numeric columns are right-aligned, headers included, so figures and titles line up. */
function headerCell(title: string): HTMLTableCellElement {
  const cell = element('th', title, textColumns.has(title) ? undefined : 'num');
  cell.scope = 'col';
  return cell;
}

function fillCell(row: EstimateRowView): HTMLTableCellElement {
  const cell = element('td', undefined, 'fill');
  if (row.fillFraction !== null) {
    const bar = element('div', undefined, 'fill-bar');
    const level = element('div', undefined, row.fits === 'no' ? 'fill-level over' : 'fill-level');
    level.style.width = `${Math.min(100, Math.max(0, row.fillFraction * 100)).toFixed(1)}%`;
    bar.append(level);
    cell.append(bar);
  }
  cell.append(element('span', row.windowFill));
  return cell;
}

function modelsTable(state: EstimateState): HTMLTableElement {
  const table = element('table', undefined, 'estimate-table');
  const head = element('tr');
  for (const title of ['Model', 'Input', 'Input cost', 'Output', 'Output cost', 'Total', 'Window (with output)', 'Fits']) head.append(headerCell(title));
  table.append(element('thead'));
  table.tHead!.append(head);
  const body = element('tbody');
  for (const row of state.rows) {
    const tr = element('tr');
    tr.dataset.model = row.modelId;
    const model = element('td', undefined, 'model');
    model.append(element('span', row.model));
    if (row.cheapest) model.append(badge('cheapest', 'cheapest'));
    if (row.bestFit) model.append(badge('best fit', 'fit'));
    const input = element('td', row.inputTokens, 'num');
    input.title = row.inputExact ? `Exact count (${row.inputBasis})` : `Estimate (${row.inputBasis})`;
    const output = element('td', row.outputTokens, 'num');
    output.title = `Expected output from ${row.outputSource}`;
    const fits = element('td', row.fits === 'yes' ? '✓' : row.fits === 'no' ? '✗ too big' : '?', `fits fits-${row.fits}`);
    tr.append(model, input, element('td', row.inputCost, 'num'), output, element('td', row.outputCost, 'num'), element('td', row.total, 'num total'), fillCell(row), fits);
    body.append(tr);
  }
  table.append(body);
  return table;
}

function cachingSection(state: EstimateState): HTMLElement | undefined {
  const cached = state.rows.filter((row) => row.caching !== null);
  if (cached.length === 0) return undefined;
  const section = element('section', undefined, 'caching');
  section.append(element('h3', `Prompt caching over ${state.turns} turns`));
  section.append(element('p', 'The same prompt sent as a prefix every turn: without a cache, or with one cache write (5-minute price) then cache reads.', 'detail'));
  const table = element('table', undefined, 'caching-table');
  const head = element('tr');
  for (const title of ['Model', 'Without cache', 'With cache', 'Saving']) head.append(headerCell(title));
  table.append(element('thead'));
  table.tHead!.append(head);
  const body = element('tbody');
  for (const row of cached) {
    const tr = element('tr');
    tr.append(element('td', row.model), element('td', row.caching!.withoutCache, 'num'), element('td', row.caching!.withCache, 'num'), element('td', row.caching!.savings, 'num'));
    body.append(tr);
  }
  table.append(body);
  section.append(table);
  return section;
}

function hintSection(state: EstimateState): HTMLElement | undefined {
  if (!state.hint) return undefined;
  const section = element('section', undefined, 'hint');
  section.setAttribute('role', 'note');
  section.append(element('p', state.hint.advice));
  const list = element('ul');
  for (const block of state.hint.biggest) list.append(element('li', `${block.label}: ${block.tokens} tokens at ${block.where}`));
  section.append(list);
  return section;
}

function outputSources(state: EstimateState): HTMLElement | undefined {
  const sources = [...new Set(state.rows.map((row) => row.outputSource))];
  if (sources.length === 0) return undefined;
  return element('p', `Expected output from ${sources.join('; ')}.`, 'detail');
}

export function renderEstimate(app: HTMLElement, state: EstimateState): void {
  app.replaceChildren();
  app.dataset.status = 'estimate';
  app.append(header(state));
  if (state.rows.length === 0) app.append(element('p', 'No models to compare: set tokenwise.model or tokenwise.compareModels.', 'detail'));
  else app.append(modelsTable(state));
  for (const part of [outputSources(state), cachingSection(state), hintSection(state)]) if (part) app.append(part);
  if (state.notes.length > 0) {
    const notes = element('ul', undefined, 'notes');
    for (const note of state.notes) notes.append(element('li', note));
    app.append(notes);
  }
}

/** Listens for estimate state; main.ts posts the ready message afterwards (the handshake). */
export function startEstimateView(app: HTMLElement): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isEstimateStateNotification(event.data)) renderEstimate(app, event.data.params);
  });
}
