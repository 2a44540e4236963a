import { countForModel } from '../../core/count';
import { modelLineup } from '../../core/prompt/catalogModels';
import type { CountingModel } from '../../core/prompt/estimateState';
import { ModelCatalog } from '../../core/models/catalog';
import type { ModelInfo } from '../../core/models/types';
import type { EstimateSettings } from './settings';

/** The estimate factor learned from the user's transcripts for a model (`tokenwise.estimate.calibrate`), if any. */
export type CalibratedFactor = (model: ModelInfo) => number | undefined;

export const NO_CALIBRATION: CalibratedFactor = () => undefined;

/**
 * The models an estimate compares: the current model, then `tokenwise.compareModels`, from the catalog with
 * custom models; Claude and Gemini counted with the calibrated factor where one was learned.
 */
export function currentLineup(settings: EstimateSettings, calibrated: CalibratedFactor = NO_CALIBRATION): { models: CountingModel[]; notes: string[] } {
  const { catalog, errors } = ModelCatalog.bundled().withCustomModels(settings.customModels ?? []);
  const lineup = modelLineup(catalog, settings.model, settings.compareModels, (text, model) => countForModel(text, model, { calibratedFactor: calibrated(model) }));
  return { models: lineup.models, notes: [...errors.map((error) => `tokenwise.customModels: ${error}`), ...lineup.notes] };
}
