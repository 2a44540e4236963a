/**
 * Colours for canvas charts come from VS Code's --vscode-* variables at draw time, and charts are redrawn
 * when VS Code switches theme (it changes the body class: vscode-light / vscode-dark / vscode-high-contrast).
 */

export interface ChartColours {
  foreground: string;
  grid: string;
  blue: string;
  orange: string;
  green: string;
  purple: string;
  red: string;
  yellow: string;
  highContrast: boolean;
}

function cssVariable(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

export function chartColours(): ChartColours {
  const foreground = cssVariable('--vscode-foreground', '#888888');
  return {
    foreground,
    grid: cssVariable('--vscode-widget-border', cssVariable('--vscode-panel-border', 'rgba(128,128,128,0.35)')),
    blue: cssVariable('--vscode-charts-blue', '#3794ff'),
    orange: cssVariable('--vscode-charts-orange', '#d18616'),
    green: cssVariable('--vscode-charts-green', '#89d185'),
    purple: cssVariable('--vscode-charts-purple', '#b180d7'),
    red: cssVariable('--vscode-charts-red', '#f14c4c'),
    yellow: cssVariable('--vscode-charts-yellow', '#cca700'),
    highContrast: document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light'),
  };
}

const themeListeners = new Set<() => void>();
let observer: MutationObserver | undefined;

/** Calls `listener` whenever the body class (the VS Code theme kind) changes; returns an unsubscribe. */
export function onThemeChange(listener: () => void): () => void {
  themeListeners.add(listener);
  observer ??= new MutationObserver(() => {
    for (const notify of [...themeListeners]) notify();
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => themeListeners.delete(listener);
}
