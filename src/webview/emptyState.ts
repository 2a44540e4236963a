/** What a view shows before any usage is found: which tools Tokenwise reads, where it looked, and a way to settings. */
import type { TrendsEmptyState } from '../shared/protocol';
import { button, element } from './dom';
import { vscodeApi } from './vscodeApi';

export function renderEmptyState(state: TrendsEmptyState): HTMLElement {
  const section = element('section', undefined, 'empty-state');
  section.append(
    element('h2', 'No AI usage recorded yet'),
    element('p', 'Tokenwise reads the usage your AI coding tools already write on this machine. Nothing is uploaded.'),
  );
  if (state.sources.length === 0) {
    section.append(element('p', 'No log folders have been checked yet.'));
  } else {
    section.append(element('h3', 'Where Tokenwise looked'));
    const list = element('ul', undefined, 'source-list');
    for (const source of state.sources) {
      const item = element('li', undefined, source.found ? 'source found' : 'source missing');
      item.dataset.tool = source.tool;
      item.append(element('strong', source.label), element('span', source.found ? ' — found, no usage yet' : ' — nothing found', 'source-status'));
      const paths = element('ul', undefined, 'source-paths');
      for (const path of source.paths) {
        const entry = element('li');
        entry.append(element('code', path));
        paths.append(entry);
      }
      item.append(paths);
      list.append(item);
    }
    section.append(list);
  }
  section.append(
    element('p', 'If a tool keeps its logs somewhere else, point Tokenwise at it in the settings.'),
    button('Open Tokenwise Settings', () => vscodeApi().postMessage({ method: 'openSettings', params: { query: 'tokenwise' } })),
  );
  return section;
}
