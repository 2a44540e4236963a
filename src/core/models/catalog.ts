/**
 * The model catalog: the bundled LiteLLM-derived table plus the user's `tokenwise.customModels`,
 * and the lookup that turns whatever name a tool logged into one ModelInfo (or honestly, none).
 */
import { bundledCatalogFile, bundledModels } from './bundled';
import { parseCustomModels } from './customModels';
import { dropDateSuffix, editDistance, isPrefixAtBoundary, normaliseModelName, remainderKeepsModel, stripProviderPrefix } from './names';
import type { ModelInfo } from './types';

export class ModelCatalog {
  private static bundledCatalog: ModelCatalog | undefined;
  /** Lower-cased id or alias → model. Built once; the catalog is immutable. */
  private readonly byName = new Map<string, ModelInfo>();
  /** Known names, longest first, for the prefix step of {@link resolve}. */
  private readonly namesLongestFirst: string[];
  /** Answers already worked out: the ledger resolves the same few logged names for thousands of records. */
  private readonly resolved = new Map<string, ModelInfo | null>();

  private constructor(
    private readonly models: readonly ModelInfo[],
    readonly date: string,
    readonly source: string,
  ) {
    // Ids are registered before aliases so an alias can never shadow another model's id; earlier models
    // (custom ones come first) win a clash.
    for (const model of models) this.register(model.id, model);
    for (const model of models) for (const alias of model.aliases) this.register(alias, model);
    this.namesLongestFirst = [...this.byName.keys()].sort((a, b) => b.length - a.length);
  }

  /** The catalog shipped inside the extension and CLI. */
  static bundled(): ModelCatalog {
    ModelCatalog.bundledCatalog ??= new ModelCatalog(bundledModels(), bundledCatalogFile.date, bundledCatalogFile.source);
    return ModelCatalog.bundledCatalog;
  }

  /**
   * A new catalog with the user's models added; an entry whose id matches a model here replaces it.
   * Invalid entries are skipped and described in `errors`; the rest still apply.
   */
  withCustomModels(entries: unknown): { catalog: ModelCatalog; errors: string[] } {
    const { models: custom, errors } = parseCustomModels(entries, (name) => this.resolve(name));
    if (custom.length === 0) return { catalog: this, errors };
    const replaced = new Set(custom.map((model) => model.id.toLowerCase()));
    const kept = this.models.filter((model) => !replaced.has(model.id.toLowerCase()));
    return { catalog: new ModelCatalog([...custom, ...kept], this.date, this.source), errors };
  }

  /**
   * Finds a model by the name a tool logged. Steps, each only if the previous found nothing:
   * 1. exact id or alias (case-insensitive);
   * 2. the same after stripping a provider prefix (`anthropic/`, `openrouter/…/`, Bedrock `us.anthropic.…-v1:0`);
   * 3. the same without a date suffix (`-20250929`, `@20250929`, `-2025-04-14`);
   * 4. the longest known name that prefixes it at a `-`/`:`/`@` boundary, unless what follows names another
   *    model (`-mini`, `-pro`, a version digit…): see {@link remainderKeepsModel}.
   * Unknown names give undefined, which callers report as "unpriced" (never $0).
   */
  resolve(idOrAlias: string): ModelInfo | undefined {
    const name = normaliseModelName(idOrAlias);
    let model = this.resolved.get(name);
    if (model === undefined) {
      model = this.lookUp(name) ?? null;
      this.resolved.set(name, model);
    }
    return model ?? undefined;
  }

  list(): ModelInfo[] {
    return [...this.models];
  }

  /** Up to `limit` canonical ids that look like `query`, for "unknown model" messages. Best first. */
  suggest(query: string, limit = 5): string[] {
    const wanted = stripProviderPrefix(normaliseModelName(query));
    if (wanted.length === 0) return [];
    const scored = new Map<string, number>();
    for (const [name, model] of this.byName) {
      const contains = name.includes(wanted);
      const score = contains ? Math.abs(name.length - wanted.length) / 100 : editDistance(name, wanted);
      const threshold = Math.max(2, Math.floor(wanted.length / 3));
      if (contains || score <= threshold) scored.set(model.id, Math.min(score, scored.get(model.id) ?? Infinity));
    }
    return [...scored.entries()]
      .sort(([idA, a], [idB, b]) => a - b || idA.localeCompare(idB))
      .slice(0, limit)
      .map(([id]) => id);
  }

  private lookUp(name: string): ModelInfo | undefined {
    if (name.length === 0) return undefined;
    const stripped = stripProviderPrefix(name);
    const undated = dropDateSuffix(stripped);
    return (
      this.byName.get(name) ??
      this.byName.get(stripped) ??
      (undated === undefined ? undefined : this.byName.get(undated)) ??
      this.byLongestPrefix(stripped)
    );
  }

  private register(name: string, model: ModelInfo): void {
    const key = normaliseModelName(name);
    if (!this.byName.has(key)) this.byName.set(key, model);
  }

  private byLongestPrefix(name: string): ModelInfo | undefined {
    // Only the longest prefix is considered: if what follows it names another model, a shorter prefix
    // would carry the same remainder and more, so the honest answer is "unknown".
    const known = this.namesLongestFirst.find((candidate) => isPrefixAtBoundary(candidate, name));
    return known !== undefined && remainderKeepsModel(name.slice(known.length)) ? this.byName.get(known) : undefined;
  }
}
