/**
 * First run: the "Get Started with Tokenwise" walkthrough (contributes.walkthroughs in package.json), opened once
 * on the first start and again on "Tokenwise: Get Started"; and "Tokenwise: Show Detected AI Tools", the live
 * answer to the walkthrough's "which tools' logs were found" step (a walkthrough's text cannot change at run time).
 */
import * as vscode from 'vscode';
import { showOnce, WALKTHROUGH_SHOWN_KEY } from '../core/onboarding/firstRun';
import { detectedTools, detectedToolsHeadline, detectedToolSummary, detectedToolWhere } from '../core/usage/detectedSources';
import type { UsageService } from './usage/usageService';

/** The walkthrough's id in package.json. */
export const WALKTHROUGH_ID = 'gettingStarted';

/** `publisher.name#walkthroughId`, the form `workbench.action.openWalkthrough` takes. */
function walkthroughRef(extension: vscode.Extension<unknown>): string {
  return `${extension.id}#${WALKTHROUGH_ID}`;
}

export function openWalkthrough(extension: vscode.Extension<unknown>): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughRef(extension), false);
}

/** Set (to anything but empty) by test harnesses whose suites do not test the walkthrough, so it does not cover their editors. */
export const NO_WALKTHROUGH_ENV = 'TOKENWISE_NO_WALKTHROUGH';

/**
 * Opens the walkthrough on the very first start after install, never again (the flag lives in global state, so
 * it holds across windows and workspaces on the desktop).
 */
export async function openWalkthroughOnFirstRun(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<void> {
  if (process.env[NO_WALKTHROUGH_ENV]) return;
  // The user's own "don't open walkthroughs on install" choice wins; the command still opens it on request.
  if (vscode.workspace.getConfiguration('workbench').get<unknown>('welcomePage.walkthroughs.openOnInstall') === false) {
    log.info('First run: not opening the Get Started walkthrough (workbench.welcomePage.walkthroughs.openOnInstall is off)');
    return;
  }
  try {
    if (await showOnce(context.globalState, WALKTHROUGH_SHOWN_KEY, () => openWalkthrough(context.extension))) log.info('First run: opened the Get Started walkthrough');
  } catch (error) {
    log.warn(`Could not open the Get Started walkthrough: ${(error as Error).message}`);
  }
}

const OPEN_SETTINGS = 'Point Tokenwise at other folders…';

/** Scans the tools' log folders now (incrementally) and lists, per tool, what was found and where it looked. */
export async function showDetectedSources(usage: UsageService, log: vscode.LogOutputChannel): Promise<void> {
  const round = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Tokenwise: looking for AI tool logs' }, () => usage.ingest('Show Detected AI Tools'));
  if (round.error !== undefined) {
    void vscode.window.showErrorMessage(`Tokenwise: ${round.error}`);
    return;
  }
  const responses = new Map<string, number>();
  for (const record of usage.records()) responses.set(record.tool, (responses.get(record.tool) ?? 0) + 1);
  const tools = detectedTools(usage.lastSummaries, usage.sourcesChecked, responses);
  const headline = detectedToolsHeadline(tools);
  log.info(`Show Detected AI Tools: ${headline}`);
  for (const tool of tools) log.info(`  ${tool.label}: ${detectedToolSummary(tool)}. ${detectedToolWhere(tool)}`);

  const items: vscode.QuickPickItem[] = tools.map((tool) => ({
    label: `${tool.found ? '$(pass-filled)' : '$(circle-large-outline)'} ${tool.label}`,
    description: detectedToolSummary(tool),
    detail: detectedToolWhere(tool),
  }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: `$(settings-gear) ${OPEN_SETTINGS}`, description: 'tokenwise.sources.*' });
  const choice = await vscode.window.showQuickPick(items, { title: `Tokenwise: ${headline}`, placeHolder: 'AI tools whose local logs Tokenwise reads (nothing is uploaded)', matchOnDescription: true, matchOnDetail: true });
  if (choice?.label.endsWith(OPEN_SETTINGS)) await vscode.commands.executeCommand('workbench.action.openSettings', 'tokenwise.sources');
}
