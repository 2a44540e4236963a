// Fixture states for the browser tests. They are built from hand-made records by src/core/trends and kept
// current by test/unit/trends/fixtureState.test.ts, so the figures asserted here are the hand-computed ones.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../harness/setup.mjs';

const load = (name) => JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'trends', name), 'utf8'));

export const readyState = load('ready-state.json');
export const emptyState = load('empty-state.json');
export const stateMessage = (params) => ({ method: 'state', params });
