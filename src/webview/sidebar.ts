/** The "Weekly Trends" sidebar: this week against last, 12-week and 7-day charts, mixes, top projects, budget. */
import type { BudgetProgress, Comparison, MixEntry, ProjectEntry, TrendsReadyState } from '../shared/protocol';
import { mountChart, type ChartHandle } from './charts';
import { definitions, type DefinedMetric } from './definitions';
import { button, element, select, simpleTable, uniqueId } from './dom';
import { NOT_ENOUGH_DATA, reasonNote, formatChange, formatDay, formatExactTokens, formatPercent, formatShortDate, formatTokens, formatUSD, projectName } from './format';
import type { RenderedView, UiState } from './uiState';
import { vscodeApi } from './vscodeApi';

interface CardSpec {
  metric: DefinedMetric;
  label: string;
  comparison: Comparison;
  format: (value: number) => string;
  /** Why the figure is missing, when it is. */
  missingReason?: string;
  detail?: string;
}

function card(spec: CardSpec): HTMLElement {
  const node = element('article', undefined, 'card');
  node.dataset.metric = spec.metric;
  node.tabIndex = 0;
  node.title = definitions[spec.metric];
  const definitionId = uniqueId('definition');
  node.setAttribute('aria-describedby', definitionId);
  const { current, previous, change } = spec.comparison;
  node.append(element('h3', spec.label, 'card-label'), element('p', current === null ? NOT_ENOUGH_DATA : spec.format(current), current === null ? 'card-value missing' : 'card-value'));
  if (current === null && spec.missingReason) node.append(element('p', spec.missingReason, 'card-note'));
  if (spec.detail) node.append(element('p', spec.detail, 'card-detail'));
  const previousText = previous === null ? 'last week: not enough data' : `last week ${spec.format(previous)}`;
  const changeNode = element('p', `${formatChange(change)} · ${previousText}`, 'card-change');
  if (change !== null && Math.abs(change) >= 0.0005) changeNode.classList.add(change > 0 ? 'up' : 'down');
  node.append(changeNode, element('p', definitions[spec.metric], 'visually-hidden'));
  node.lastElementChild!.id = definitionId;
  return node;
}

function weekCards(state: TrendsReadyState): HTMLElement {
  const { week } = state;
  const split = week.split.current;
  const grid = element('div', undefined, 'cards');
  grid.append(
    card({
      metric: 'tokens',
      label: 'Tokens',
      comparison: week.tokens,
      format: formatTokens,
      detail: `Input ${formatTokens(split.input)} · Output ${formatTokens(split.output)} · Cache write ${formatTokens(split.cacheWrite)} · Cache read ${formatTokens(split.cacheRead)}`,
    }),
    card({
      metric: 'cost',
      label: 'API-equivalent cost',
      comparison: week.costUSD,
      format: formatUSD,
      detail: week.unpricedRecords > 0 ? `${week.unpricedRecords} response${week.unpricedRecords === 1 ? '' : 's'} from unpriced models not included` : undefined,
    }),
    card({ metric: 'cacheReuse', label: 'Cache reuse', comparison: week.cacheReuse, format: formatPercent, missingReason: reasonNote(week.cacheReuse.reason) }),
    card({
      metric: 'tokensPerAcceptedEdit',
      label: 'Tokens per accepted edit',
      comparison: week.tokensPerAcceptedEdit,
      format: (value) => formatTokens(Math.round(value)),
      missingReason: reasonNote(week.tokensPerAcceptedEdit.reason),
    }),
    card({
      metric: 'acceptanceRate',
      label: 'Acceptance rate',
      comparison: week.acceptanceRate,
      format: formatPercent,
      missingReason: reasonNote(week.acceptanceRate.reason),
    }),
    card({
      metric: 'costPerCommit',
      label: 'Cost per commit',
      comparison: week.costPerCommitUSD,
      format: formatUSD,
      missingReason: state.landed.note ?? reasonNote(week.costPerCommitUSD.reason),
      detail: `${week.commits.current} commit${week.commits.current === 1 ? '' : 's'} landed this week`,
    }),
  );
  return grid;
}

function budgetBar(budget: BudgetProgress): HTMLElement {
  const section = element('section', undefined, 'budget');
  section.append(element('h2', 'Weekly budget'));
  const fraction = budget.fraction ?? 1;
  const text = `${formatUSD(budget.spentUSD)} of ${formatUSD(budget.weeklyBudgetUSD)}${budget.fraction === null ? '' : ` (${formatPercent(budget.fraction)})`}`;
  const bar = element('div', undefined, fraction >= 1 ? 'budget-bar over' : fraction >= 0.8 ? 'budget-bar near' : 'budget-bar');
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-label', 'Weekly budget used');
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', String(budget.weeklyBudgetUSD));
  bar.setAttribute('aria-valuenow', String(Math.round(budget.spentUSD * 100) / 100));
  bar.setAttribute('aria-valuetext', text);
  const fill = element('div', undefined, 'budget-fill');
  fill.style.width = `${Math.min(100, fraction * 100)}%`; // CSSOM, not a style attribute: allowed by the CSP
  bar.append(fill);
  section.append(bar, element('p', text, 'budget-text'));
  return section;
}

function mixList(title: string, entries: MixEntry[], since: string): HTMLElement {
  const section = element('section', undefined, 'mix');
  section.append(element('h2', title));
  section.append(element('p', `Share of tokens since ${formatDay(since)}`, 'section-note'));
  const list = element('ul', undefined, 'mix-list');
  for (const entry of entries) {
    const item = element('li');
    item.dataset.key = entry.key;
    const row = element('div', undefined, 'mix-row');
    row.append(element('span', entry.key, 'mix-key'), element('span', `${formatPercent(entry.share)} · ${formatUSD(entry.costUSD)}`, 'mix-value'));
    const bar = element('div', undefined, 'mix-bar');
    bar.setAttribute('aria-hidden', 'true');
    const fill = element('div', undefined, 'mix-fill');
    fill.style.width = `${entry.share * 100}%`;
    bar.append(fill);
    item.append(row, bar);
    list.append(item);
  }
  section.append(list);
  return section;
}

function projectsTable(projects: ProjectEntry[], since: string): HTMLElement {
  const section = element('section', undefined, 'projects');
  section.append(element('h2', 'Top projects by spend'));
  // Four columns overflow a 250 px sidebar: the commits landed in a project go in its row heading's title.
  const rows = projects.map((project) => [
    { text: projectName(project.project), title: `${project.project} · ${project.commits} commit${project.commits === 1 ? '' : 's'} landed` },
    { text: formatUSD(project.costUSD), numeric: true },
    project.tokensPerAcceptedEdit === null
      ? { text: NOT_ENOUGH_DATA, numeric: true, title: reasonNote(project.tokensPerAcceptedEditReason) }
      : { text: formatTokens(Math.round(project.tokensPerAcceptedEdit)), numeric: true },
  ]);
  const table = simpleTable('compact-table', `Since ${formatDay(since)}`, ['Project', 'Cost', 'Tokens / accepted edit'], rows);
  section.append(table);
  return section;
}

export function renderSidebar(state: TrendsReadyState, ui: UiState, onUiChange: (next: UiState) => void): RenderedView {
  const root = element('div', undefined, 'sidebar');
  const header = element('header', undefined, 'view-header');
  header.append(element('h2', `This week · since ${formatDay(state.week.thisWeekStart)}`), element('p', `Compared with the week of ${formatDay(state.week.lastWeekStart)}`, 'section-note'));
  root.append(header, weekCards(state));
  if (state.budget) root.append(budgetBar(state.budget));

  const metric = ui.sidebarMetric;
  const metricPicker = select(
    'Charts show',
    [
      { value: 'tokens', text: 'Tokens' },
      { value: 'cost', text: 'API-equivalent cost' },
    ],
    metric,
    'sidebar-metric',
    (value) => onUiChange({ ...ui, sidebarMetric: value === 'cost' ? 'cost' : 'tokens' }),
  );
  const chartsSection = element('section', undefined, 'charts');
  chartsSection.append(element('h2', 'History'), metricPicker);
  const format = metric === 'cost' ? formatUSD : formatTokens;
  const valueOf = (point: { tokens: number; costUSD: number }): number => (metric === 'cost' ? point.costUSD : point.tokens);
  const label = metric === 'cost' ? 'API-equivalent cost' : 'Tokens';
  root.append(chartsSection);

  const weeklyFigure = element('figure', undefined, 'chart-figure weekly-chart');
  weeklyFigure.append(element('figcaption', `${label} per week, last 12 weeks`));
  chartsSection.append(weeklyFigure);
  const weeklyValues = state.weekly.map(valueOf);
  const mountWeekly = (): ChartHandle =>
    mountChart(weeklyFigure, {
      kind: 'bars',
      labels: state.weekly.map((w) => formatShortDate(w.weekStart)),
      series: [{ label, colour: 'blue', values: weeklyValues }],
      height: 150,
      ariaLabel: `${label} per week: ${state.weekly.map((w) => `week of ${formatShortDate(w.weekStart)} ${format(valueOf(w))}`).join(', ')}`,
      formatValue: metric === 'cost' ? (v) => `$${v}` : (v) => formatTokens(v),
    });

  const dailyFigure = element('figure', undefined, 'chart-figure daily-chart');
  dailyFigure.append(element('figcaption', `${label} per day, last 7 days`));
  chartsSection.append(dailyFigure);
  const mountDaily = (): ChartHandle =>
    mountChart(dailyFigure, {
      kind: 'bars',
      labels: state.daily.map((d) => formatDay(d.date).split(' ')[0]),
      series: [{ label, colour: 'purple', values: state.daily.map(valueOf) }],
      height: 130,
      ariaLabel: `${label} per day: ${state.daily.map((d) => `${formatDay(d.date)} ${format(valueOf(d))}`).join(', ')}`,
      formatValue: metric === 'cost' ? (v) => `$${v}` : (v) => formatTokens(v),
    });

  root.append(mixList('Model mix', state.modelMix, state.mixSince), mixList('Tool mix', state.toolMix, state.mixSince), projectsTable(state.topProjects, state.mixSince));
  const footer = element('footer', undefined, 'view-footer');
  footer.append(button('Open Trends Panel', () => vscodeApi().postMessage({ method: 'runCommand', params: { command: 'tokenwise.openTrends' } })));
  footer.append(element('p', `Exact totals this week: ${formatExactTokens(state.week.tokens.current ?? 0)} tokens. Times in ${state.timeZone}.`, 'section-note'));
  root.append(footer);
  return { root, mountCharts: () => [mountWeekly(), mountDaily()] };
}
