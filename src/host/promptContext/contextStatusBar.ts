import * as vscode from 'vscode';
import { formatTokens } from '../../core/format';
import { Disposable } from '../lifecycle';
import type { ContextTotals } from './promptContext';

/**
 * While the Prompt Context holds something (and `tokenwise.context.showInStatusBar` is on), a status bar item
 * shows its total — `$(layers) 12.3k tok in context` — so the user sees what the assembled prompt weighs while
 * editing anything else. A click reveals the Prompt Context view.
 */
export class ContextStatusBar extends Disposable {
  static readonly id = 'tokenwise.contextTotal';
  private readonly item = this.register(vscode.window.createStatusBarItem(ContextStatusBar.id, vscode.StatusBarAlignment.Right, 99));
  private lastTotals: ContextTotals | undefined;

  constructor(onDidChangeTotals: vscode.Event<ContextTotals | undefined>) {
    super();
    this.item.name = 'Tokenwise Prompt Context';
    this.item.command = 'tokenwise.promptContext.focus';
    this.register(onDidChangeTotals((totals) => this.update(totals)));
  }

  /** What the item shows now, for tests. */
  snapshot(): { visible: boolean; text: string; tooltip: string } {
    return { visible: this.lastTotals?.showInStatusBar === true, text: this.item.text, tooltip: String(this.item.tooltip ?? '') };
  }

  private update(totals: ContextTotals | undefined): void {
    this.lastTotals = totals;
    if (!totals || !totals.showInStatusBar) {
      this.item.hide();
      return;
    }
    const approx = totals.exact ? '' : '≈';
    this.item.text = `$(layers) ${approx}${formatTokens(totals.tokens)} tok in context`;
    this.item.tooltip = `Prompt Context (${totals.entries} ${totals.entries === 1 ? 'item' : 'items'}), counted for ${totals.modelName}: ${totals.summary}`;
    this.item.accessibilityInformation = { label: `Prompt Context: ${approx ? 'about ' : ''}${totals.tokens} tokens for ${totals.modelName}` };
    this.item.show();
  }
}
