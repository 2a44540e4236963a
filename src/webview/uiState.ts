/**
 * What the user chose in the views (range, filters, sort, the sidebar's metric), kept with the webview's
 * getState/setState so it survives the view being hidden or the panel being restored. Validated on read:
 * an older or damaged saved state falls back to the defaults.
 */
import { isDailyQuery, type DailyQuery } from '../shared/protocol';
import type { ChartHandle } from './charts';
import { vscodeApi } from './vscodeApi';

/** A view's DOM, and its charts to mount once the DOM is in the document (charts measure their container). */
export interface RenderedView {
  root: HTMLElement;
  mountCharts: () => ChartHandle[];
}

export type SidebarMetric = 'tokens' | 'cost';

export interface UiState {
  query: DailyQuery;
  sidebarMetric: SidebarMetric;
}

export const defaultUiState: UiState = {
  query: { range: { kind: '4weeks' }, filters: { tool: '', model: '', project: '' }, sort: { column: 'date', direction: 'descending' } },
  sidebarMetric: 'tokens',
};

function isUiState(value: unknown): value is UiState {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return isDailyQuery(candidate.query) && (candidate.sidebarMetric === 'tokens' || candidate.sidebarMetric === 'cost');
}

export function loadUiState(): UiState {
  const saved = vscodeApi<unknown>().getState();
  return isUiState(saved) ? saved : structuredClone(defaultUiState);
}

export function saveUiState(state: UiState): void {
  vscodeApi<UiState>().setState(state);
}
