import * as vscode from 'vscode';
import { resolveGlanceModels, type GlanceSettings } from '../core/glanceSettings';
import { ModelCatalog } from '../core/models/catalog';
import type { ModelInfo } from '../core/models/types';
import { readGlanceSettings, watchGlanceSettings, type AffectsSetting } from './config';
import { Disposable } from './lifecycle';

/**
 * The settings and the models the glance counts for, kept current as settings change: the catalog with the
 * user's custom models, the current model and the comparison models. Bad values are replaced by safe fallbacks
 * (the same rules as the settings table, whose problems the SettingsMonitor reports).
 */
export class GlanceModels extends Disposable {
  /** Read on first use, not at activation; afterwards replaced on every relevant settings change. */
  private loaded: { settings: GlanceSettings; catalog: ModelCatalog; current: ModelInfo; compare: ModelInfo[] } | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<AffectsSetting>());
  /** Fires after the settings or models changed (not for the first read). */
  readonly onDidChange = this.changed.event;

  constructor() {
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

  private reload(affects: AffectsSetting): void {
    const { settings } = readGlanceSettings();
    let catalog = this.loaded?.catalog;
    if (catalog === undefined || affects('customModels')) catalog = ModelCatalog.bundled().withCustomModels(settings.customModels).catalog;
    const models = resolveGlanceModels(settings, catalog, catalog.list());
    this.loaded = { settings, catalog, current: models.current, compare: models.compare };
  }
}
