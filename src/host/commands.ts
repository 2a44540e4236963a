import * as vscode from 'vscode';

/**
 * Every command Tokenwise contributes. The integration suite checks this list against package.json and
 * against what VS Code has registered, so a command cannot be declared without a handler or vice versa.
 */
export const CommandId = {
  showLog: 'tokenwise.showLog',
  openTrends: 'tokenwise.openTrends',
  selectModel: 'tokenwise.selectModel',
  showCounts: 'tokenwise.showCounts',
  refreshUsage: 'tokenwise.refreshUsage',
  openDataFolder: 'tokenwise.openDataFolder',
  exportUsage: 'tokenwise.exportUsage',
  deleteAllData: 'tokenwise.deleteAllData',
  estimatePrompt: 'tokenwise.estimatePrompt',
  estimateContext: 'tokenwise.estimateContext',
  addToContext: 'tokenwise.addToContext',
  addActiveFileToContext: 'tokenwise.addActiveFileToContext',
  addSelectionToContext: 'tokenwise.addSelectionToContext',
  addOpenEditorsToContext: 'tokenwise.addOpenEditorsToContext',
  removeFromContext: 'tokenwise.removeFromContext',
  clearContext: 'tokenwise.clearContext',
  copyContextAsPrompt: 'tokenwise.copyContextAsPrompt',
  getStarted: 'tokenwise.getStarted',
  showDetectedSources: 'tokenwise.showDetectedSources',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

export type CommandHandlers = { [K in CommandId]: (...args: unknown[]) => unknown };

export function registerCommands(handlers: CommandHandlers): vscode.Disposable {
  return vscode.Disposable.from(
    ...Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown)),
  );
}
