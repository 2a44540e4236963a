import { countForModel } from '../../core/count';
import { modelLineup } from '../../core/prompt/catalogModels';
import type { CountingModel } from '../../core/prompt/estimateState';
import { ModelCatalog } from '../../core/models/catalog';
import type { EstimateSettings } from './settings';

/** The models an estimate compares: the current model, then `tokenwise.compareModels`, from the catalog with custom models. */
export function currentLineup(settings: EstimateSettings): { models: CountingModel[]; notes: string[] } {
  const { catalog, errors } = ModelCatalog.bundled().withCustomModels(settings.customModels ?? []);
  const lineup = modelLineup(catalog, settings.model, settings.compareModels, countForModel);
  return { models: lineup.models, notes: [...errors.map((error) => `tokenwise.customModels: ${error}`), ...lineup.notes] };
}
