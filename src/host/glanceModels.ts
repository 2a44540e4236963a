import * as vscode from 'vscode';
import { GLANCE_SETTING_KEYS, resolveGlanceModels, type GlanceSettings, type SettingProblem } from '../core/glanceSettings';
import { ModelCatalog } from '../core/models/catalog';
import type { ModelInfo } from '../core/models/types';
import { readGlanceSettings, watchGlanceSettings, type AffectsSetting } from './config';
import { Disposable } from './lifecycle';

/** Problems shown as pop-ups per change; the rest go to the log only, so a broken settings file cannot flood the screen. */
const MAX_WARNINGS_PER_CHANGE = 3;

/**
 * The settings and the models the glance counts for, kept current as settings change: the catalog with the
 * user's custom models, the current model and the comparison models. Bad values are reported once per change
 * (a warning naming the setting or entry) and replaced by safe fallbacks.
 */
export class GlanceModels extends Disposable {
  /** Read on first use, not at activation; afterwards replaced on every relevant settings change. */
  private loaded: { settings: GlanceSettings; catalog: ModelCatalog; current: ModelInfo; compare: ModelInfo[] } | undefined;
  private problems: string[] = [];
  private readonly changed = this.register(new vscode.EventEmitter<AffectsSetting>());
  /** Fires after the settings or models changed (not for the first read). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.register(
      watchGlanceSettings((affects, initial) => {
        if (initial) return;
        this.reload(affects);
        this.changed.fire(affects);
      }),
    );
  }

  private get state(): NonNullable<GlanceModels['loaded']> {
    if (this.loaded === undefined) this.reload(() => true);
    return this.loaded as NonNullable<GlanceModels['loaded']>;
  }

  get settings(): GlanceSettings {
    return this.state.settings;
  }

  get catalog(): ModelCatalog {
    return this.state.catalog;
  }

  get current(): ModelInfo {
    return this.state.current;
  }

  get compare(): readonly ModelInfo[] {
    return this.state.compare;
  }

  /** The messages of the last reload (for tests and the log). */
  get lastProblems(): readonly string[] {
    return this.problems;
  }

  private reload(affects: AffectsSetting): void {
    const { settings, problems } = readGlanceSettings();
    let catalog = this.loaded?.catalog;
    const messages: string[] = [];
    if (catalog === undefined || affects('customModels')) {
      const custom = ModelCatalog.bundled().withCustomModels(settings.customModels);
      catalog = custom.catalog;
      messages.push(...custom.errors);
    }
    const models = resolveGlanceModels(settings, catalog, catalog.list());
    const affected = (problem: SettingProblem): boolean => GLANCE_SETTING_KEYS.some((key) => problem.setting === `tokenwise.${key}` && affects(key));
    messages.unshift(...problems.filter(affected).map((problem) => problem.message));
    // Which models exist depends on the custom models too: a removed custom model makes `model` unknown.
    if (affects('model') || affects('compareModels') || affects('customModels')) messages.push(...models.problems.map((problem) => problem.message));
    this.loaded = { settings, catalog, current: models.current, compare: models.compare };
    this.problems = messages;
    this.report(messages);
  }

  private report(messages: readonly string[]): void {
    for (const message of messages) this.log.warn(message);
    for (const message of messages.slice(0, MAX_WARNINGS_PER_CHANGE)) void vscode.window.showWarningMessage(`Tokenwise: ${message}`);
    if (messages.length > MAX_WARNINGS_PER_CHANGE) {
      void vscode.window.showWarningMessage(`Tokenwise: ${messages.length - MAX_WARNINGS_PER_CHANGE} more setting problems are listed in the Tokenwise log.`);
    }
  }
}
