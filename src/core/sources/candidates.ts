/** The folders a source would search, for the readers that can tell: shown when nothing was found. */
import type { LocateOptions } from '../usage/sources';
import type { ToolId } from '../usage/types';
import { claudeCodeCandidateRoots } from './claudeCode';
import { codexCandidateRoots } from './codex';
import { geminiCliCandidateRoots } from './geminiCli';

const candidateRoots: Partial<Record<ToolId, (options: LocateOptions) => string[]>> = {
  'claude-code': claudeCodeCandidateRoots,
  codex: codexCandidateRoots,
  'gemini-cli': geminiCliCandidateRoots,
};

/** Candidate folders for `tool`, or undefined when its reader cannot list them. */
export function candidateLocations(tool: ToolId, options: LocateOptions): string[] | undefined {
  return candidateRoots[tool]?.(options);
}
