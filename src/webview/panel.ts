/**
 * The Trends panel: a daily stacked chart of the four token buckets over a chosen range, filtered by tool,
 * model and project, the same numbers in a sortable table (the chart's accessible alternative), efficiency
 * per week, and export of exactly the rows shown.
 *
 * Filtering happens here, from the full daily facts the host sends, with the same pure functions the host
 * uses to export (src/core/trends/daily.ts): no round trip per click, and no chance for the two to disagree.
 */
import { dailyRows, filterOptions, resolveRange, weeklyEfficiency } from '../core/trends/daily';
import type { DailyColumn, DailyQuery, DailyRange, DailyRow, ExportFormat, RangeKind, TrendsReadyState } from '../shared/protocol';
import { isLocalDate } from '../shared/protocol';
import { chartLegend, mountChart, type ChartHandle, type ChartSeries } from './charts';
import { button, element, plainButton, select, simpleTable } from './dom';
import { NOT_ENOUGH_DATA, reasonNote, formatDay, formatExactTokens, formatShortDate, formatTokens, formatUSD } from './format';
import type { RenderedView, UiState } from './uiState';
import { vscodeApi } from './vscodeApi';

const rangeOptions: ReadonlyArray<{ value: RangeKind; text: string }> = [
  { value: 'week', text: 'Last 7 days' },
  { value: '4weeks', text: 'Last 4 weeks' },
  { value: '12weeks', text: 'Last 12 weeks' },
  { value: 'custom', text: 'Custom…' },
];

const columns: ReadonlyArray<{ key: DailyColumn; label: string; format: (row: DailyRow) => string }> = [
  { key: 'date', label: 'Date', format: (row) => formatDay(row.date) },
  { key: 'input', label: 'Input', format: (row) => formatExactTokens(row.input) },
  { key: 'output', label: 'Output', format: (row) => formatExactTokens(row.output) },
  { key: 'cacheWrite', label: 'Cache write', format: (row) => formatExactTokens(row.cacheWrite) },
  { key: 'cacheRead', label: 'Cache read', format: (row) => formatExactTokens(row.cacheRead) },
  { key: 'total', label: 'Total', format: (row) => formatExactTokens(row.total) },
  { key: 'costUSD', label: 'Cost', format: (row) => formatUSD(row.costUSD) },
];

const buckets: ReadonlyArray<{ key: 'input' | 'output' | 'cacheWrite' | 'cacheRead'; label: string; colour: ChartSeries['colour'] }> = [
  { key: 'input', label: 'Input', colour: 'blue' },
  { key: 'output', label: 'Output', colour: 'orange' },
  { key: 'cacheWrite', label: 'Cache write', colour: 'purple' },
  { key: 'cacheRead', label: 'Cache read', colour: 'green' },
];

function withAll(values: string[], allLabel: string): Array<{ value: string; text: string }> {
  return [{ value: '', text: allLabel }, ...values.map((value) => ({ value, text: value }))];
}

function controls(state: TrendsReadyState, query: DailyQuery, update: (query: DailyQuery) => void): HTMLElement {
  const bar = element('div', undefined, 'controls');
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Range and filters');
  const range = select('Range', rangeOptions, query.range.kind, 'range', (value) => {
    const kind = rangeOptions.find((option) => option.value === value)?.value ?? 'week';
    const resolved = resolveRange(query.range, state.today);
    const next: DailyRange = kind === 'custom' ? { kind, from: resolved.from, to: resolved.to } : { kind };
    update({ ...query, range: next });
  });
  bar.append(range);

  if (query.range.kind === 'custom') {
    const resolved = resolveRange(query.range, state.today);
    for (const end of ['from', 'to'] as const) {
      const field = element('label', undefined, 'field');
      field.append(element('span', end === 'from' ? 'From' : 'To', 'field-label'));
      const input = element('input');
      input.type = 'date';
      input.value = resolved[end];
      input.dataset.focusKey = `range-${end}`;
      input.addEventListener('change', () => {
        if (!isLocalDate(input.value)) return; // a half-typed date: wait for a whole one
        const next = { ...resolved, [end]: input.value };
        update({ ...query, range: { kind: 'custom', from: next.from <= next.to ? next.from : next.to, to: next.from <= next.to ? next.to : next.from } });
      });
      field.append(input);
      bar.append(field);
    }
  }

  const options = filterOptions(state.facts);
  const filters: Array<{ key: keyof DailyQuery['filters']; label: string; values: string[]; all: string }> = [
    { key: 'tool', label: 'Tool', values: options.tools, all: 'All tools' },
    { key: 'model', label: 'Model', values: options.models, all: 'All models' },
    { key: 'project', label: 'Project', values: options.projects, all: 'All projects' },
  ];
  for (const filter of filters) {
    // A saved filter whose value no longer exists still shows, so the user sees why the table is empty.
    const values = query.filters[filter.key] && !filter.values.includes(query.filters[filter.key]) ? [...filter.values, query.filters[filter.key]] : filter.values;
    const field = select(filter.label, withAll(values, filter.all), query.filters[filter.key], `filter-${filter.key}`, (value) => update({ ...query, filters: { ...query.filters, [filter.key]: value } }));
    bar.append(field);
  }
  return bar;
}

function sortableTable(rows: DailyRow[], query: DailyQuery, update: (query: DailyQuery) => void): HTMLTableElement {
  const table = element('table', undefined, 'data-table');
  table.append(element('caption', 'Tokens and API-equivalent cost per day. Select a column heading to sort.'));
  const headRow = element('tr');
  for (const column of columns) {
    const th = element('th');
    th.scope = 'col';
    th.dataset.column = column.key;
    const active = query.sort.column === column.key;
    th.setAttribute('aria-sort', active ? query.sort.direction : 'none');
    const sortButton = plainButton(column.label, () => {
      const direction = active && query.sort.direction === 'ascending' ? 'descending' : 'ascending';
      update({ ...query, sort: { column: column.key, direction } });
    }, 'sort-button');
    sortButton.dataset.focusKey = `sort-${column.key}`;
    sortButton.append(element('span', active ? (query.sort.direction === 'ascending' ? ' ▲' : ' ▼') : '', 'sort-indicator'));
    sortButton.lastElementChild!.setAttribute('aria-hidden', 'true');
    th.append(sortButton);
    if (column.key !== 'date') th.classList.add('number');
    headRow.append(th);
  }
  const head = element('thead');
  head.append(headRow);
  const body = element('tbody');
  for (const row of rows) {
    const tr = element('tr');
    for (const column of columns) {
      if (column.key === 'date') {
        const rowHeader = element('th', column.format(row));
        rowHeader.scope = 'row';
        tr.append(rowHeader);
      } else {
        tr.append(element('td', column.format(row), 'number'));
      }
    }
    body.append(tr);
  }
  const totals = rows.reduce(
    (sum, row) => ({ ...sum, input: sum.input + row.input, output: sum.output + row.output, cacheWrite: sum.cacheWrite + row.cacheWrite, cacheRead: sum.cacheRead + row.cacheRead, total: sum.total + row.total, costUSD: sum.costUSD + row.costUSD }),
    { date: '', input: 0, output: 0, cacheWrite: 0, cacheRead: 0, total: 0, costUSD: 0 },
  );
  const foot = element('tfoot');
  const footRow = element('tr');
  const footLabel = element('th', 'Total');
  footLabel.scope = 'row';
  footRow.append(footLabel, ...columns.slice(1).map((column) => element('td', column.format(totals), 'number')));
  foot.append(footRow);
  table.append(head, body, foot);
  return table;
}

function efficiencySection(state: TrendsReadyState, query: DailyQuery): { section: HTMLElement; chart: () => ChartHandle } {
  const weeks = weeklyEfficiency(state.facts, query.range, query.filters, state.today);
  const section = element('section', undefined, 'efficiency');
  section.append(element('h2', 'Efficiency over time'), element('p', `Tokens per accepted edit, per ISO week. Weeks with fewer than ${state.minimumEdits} accepted edits show no point.`, 'section-note'));
  const figure = element('figure', undefined, 'chart-figure efficiency-chart');
  figure.append(element('figcaption', 'Tokens per accepted edit'));
  section.append(figure);
  const rows = weeks.map((week) => [
    { text: formatDay(week.weekStart) },
    { text: String(week.acceptedEdits), numeric: true },
    week.tokensPerAcceptedEdit === null
      ? { text: NOT_ENOUGH_DATA, numeric: true, title: reasonNote(week.reason) }
      : { text: formatTokens(Math.round(week.tokensPerAcceptedEdit)), numeric: true },
  ]);
  const table = simpleTable('compact-table efficiency-table', 'Tokens per accepted edit per week', ['Week of', 'Accepted edits', 'Tokens / accepted edit'], rows);
  section.append(table);
  const chart = (): ChartHandle =>
    mountChart(figure, {
      kind: 'line',
      labels: weeks.map((w) => formatShortDate(w.weekStart)),
      series: [{ label: 'Tokens per accepted edit', colour: 'green', values: weeks.map((w) => w.tokensPerAcceptedEdit) }],
      height: 160,
      ariaLabel: `Tokens per accepted edit per week: ${weeks.map((w) => `${formatShortDate(w.weekStart)} ${w.tokensPerAcceptedEdit === null ? 'not enough data' : formatTokens(Math.round(w.tokensPerAcceptedEdit))}`).join(', ')}`,
      formatValue: (v) => formatTokens(v),
    });
  return { section, chart };
}

function exportButtons(query: DailyQuery): HTMLElement {
  const group = element('div', undefined, 'export-buttons');
  const post = (format: ExportFormat) => () => vscodeApi().postMessage({ method: 'export', params: { format, query } });
  group.append(button('Export CSV', post('csv')), button('Export JSON', post('json'), { secondary: true }));
  return group;
}

export function renderPanel(state: TrendsReadyState, ui: UiState, onUiChange: (next: UiState) => void): RenderedView {
  const query = ui.query;
  const update = (next: DailyQuery): void => onUiChange({ ...ui, query: next });
  const rows = dailyRows(state.facts, query, state.today);
  const { from, to } = resolveRange(query.range, state.today);

  const root = element('div', undefined, 'panel');
  const header = element('header', undefined, 'view-header');
  header.append(element('h1', 'Tokenwise Trends'), element('p', `${formatDay(from)} – ${formatDay(to)} · times in ${state.timeZone}`, 'section-note'));
  root.append(header, controls(state, query, update));

  const chartSection = element('section', undefined, 'daily');
  chartSection.append(element('h2', 'Tokens per day'));
  const figure = element('figure', undefined, 'chart-figure stacked-chart');
  figure.append(element('figcaption', 'Input, output, cache write and cache read tokens per day (the table below has the same numbers)'));
  chartSection.append(figure, chartLegend(buckets));
  const tableWrapper = element('div', undefined, 'table-scroll');
  tableWrapper.append(sortableTable(rows, query, update));
  chartSection.append(exportButtons(query), tableWrapper);
  root.append(chartSection);

  const efficiency = efficiencySection(state, query);
  root.append(efficiency.section);

  // Charts measure their container, so they are mounted once the root is in the document.
  const chronological = [...rows].sort((a, b) => a.date.localeCompare(b.date));
  const mountCharts = (): ChartHandle[] => [
    mountChart(figure, {
      kind: 'stacked',
      labels: chronological.map((row) => formatShortDate(row.date)),
      series: buckets.map((bucket) => ({ label: bucket.label, colour: bucket.colour, values: chronological.map((row) => row[bucket.key]) })),
      height: 260,
      ariaLabel: `Stacked daily tokens from ${formatDay(from)} to ${formatDay(to)}; the table below lists every day.`,
      formatValue: (v) => formatTokens(v),
    }),
    efficiency.chart(),
  ];
  return { root, mountCharts };
}
