/** Every log reader Tokenwise knows, in the order sources are shown. */
import type { SourceReader } from '../usage/sources';
import { ClaudeCodeReader } from './claudeCode';
import { CodexReader } from './codex';
import { GeminiCliReader } from './geminiCli';
import type { FileAccess } from './fileAccess';
import { nodeFileAccess } from './fileAccess';

export function allReaders(access: FileAccess = nodeFileAccess): SourceReader[] {
  return [new ClaudeCodeReader(access), new CodexReader(access), new GeminiCliReader(access)];
}
