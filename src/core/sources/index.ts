/** Every log reader Tokenwise knows, in the order sources are shown. */
import type { SourceReader } from '../usage/sources';
import { ClaudeCodeReader } from './claudeCode';
import { clineFamilyReaders } from './clineFamily';
import { CodexReader } from './codex';
import { createContinueReader } from './continueDev';
import { createCopilotOtelReader } from './copilotOtel';
import type { FileAccess } from './fileAccess';
import { nodeFileAccess } from './fileAccess';
import { GeminiCliReader } from './geminiCli';
import { KILO_CLI, OPENCODE, createOpenCodeReader } from './opencode';

/** `access` is injectable for the readers built on it (Claude Code, Codex, Gemini CLI), so tests can watch every path. */
export function allReaders(access: FileAccess = nodeFileAccess): SourceReader[] {
  return [
    new ClaudeCodeReader(access),
    new CodexReader(access),
    new GeminiCliReader(access),
    ...clineFamilyReaders(),
    createOpenCodeReader(OPENCODE),
    createOpenCodeReader(KILO_CLI),
    createCopilotOtelReader(),
    createContinueReader(),
  ];
}
