/** Every log reader this branch provides (the lead merges this list with the other readers' branch). */
import type { SourceReader } from '../usage/sources';
import { clineFamilyReaders } from './clineFamily';
import { createContinueReader } from './continueDev';
import { createCopilotOtelReader } from './copilotOtel';
import { KILO_CLI, OPENCODE, createOpenCodeReader } from './opencode';

export function allReaders(): SourceReader[] {
  return [...clineFamilyReaders(), createOpenCodeReader(OPENCODE), createOpenCodeReader(KILO_CLI), createCopilotOtelReader(), createContinueReader()];
}
