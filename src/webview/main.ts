/**
 * Entry of the webview bundle, shared by the sidebar (`trends`) and the panel (`trendsPanel`): <body data-view>
 * says which. Every valid state message re-renders in place (no reload), keeping the user's choices and focus.
 */
import { isHostToWebviewMessage, viewIds, type TrendsState, type ViewId } from '../shared/protocol';
import type { ChartHandle } from './charts';
import { renderEmptyState } from './emptyState';
import { renderPanel } from './panel';
import { startEstimateView } from './estimate/estimateView';
import { renderSidebar } from './sidebar';
import { loadUiState, saveUiState, type UiState } from './uiState';
import { vscodeApi } from './vscodeApi';
import './styles.css';

const app = document.getElementById('app');
const requestedView = document.body.dataset.view;
const view: ViewId = viewIds.find((id) => id === requestedView) ?? 'trends';

let latestState: TrendsState | undefined;
let ui: UiState = loadUiState();
let charts: ChartHandle[] = [];

function setUi(next: UiState): void {
  ui = next;
  saveUiState(ui);
  render();
}

function render(): void {
  if (!app || !latestState) return;
  // Re-rendering replaces the DOM: remember which control had focus and give it back afterwards.
  const focusKey = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.focusKey : undefined;
  for (const chart of charts.splice(0)) chart.destroy();
  app.dataset.status = latestState.status;
  if (latestState.status === 'empty') {
    app.replaceChildren(renderEmptyState(latestState));
    return;
  }
  const rendered = view === 'trendsPanel' ? renderPanel(latestState, ui, setUi) : renderSidebar(latestState, ui, setUi);
  app.replaceChildren(rendered.root);
  charts = rendered.mountCharts();
  if (focusKey) app.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isHostToWebviewMessage(event.data)) return;
  latestState = event.data.params;
  render();
});

if (view === 'estimate' && app) startEstimateView(app);

vscodeApi().postMessage({ method: 'ready', params: { view } });
