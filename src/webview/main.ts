import { isHostToWebviewMessage, type TrendsState, type ViewId } from '../shared/protocol';
import { startEstimateView } from './estimate/estimateView';
import { vscodeApi } from './vscodeApi';
import './styles.css';

const app = document.getElementById('app');
const view = (document.body.dataset.view ?? 'trends') as ViewId;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function render(state: TrendsState): void {
  if (!app) return;
  app.replaceChildren();
  const section = element('section', undefined, 'empty-state');
  section.append(
    element('h2', 'No AI usage recorded yet'),
    element('p', 'Tokenwise reads the usage your AI coding tools already write on this machine. Nothing is uploaded.'),
  );
  app.append(section);
  app.dataset.status = state.status;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostToWebviewMessage(event.data) && event.data.params.view === 'trends') render(event.data.params);
});

if (view === 'estimate' && app) startEstimateView(app);

vscodeApi().postMessage({ method: 'ready', params: { view } });
