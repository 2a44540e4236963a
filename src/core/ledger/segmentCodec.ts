/**
 * The text format of ledger segments: one entry per line, each line `<crc32 as 8 hex digits><JSON array>`.
 * The checksum makes a line torn by a crash (kill -9, power loss) detectable, so it is ignored instead of
 * being misread. Entries hold numbers, ids and paths only — never prompt text or code.
 */
import zlib from 'node:zlib';
import type { ReaderState } from '../usage/sources';
import type { EditEvent, EditOutcome, ToolId, UsageRecord } from '../usage/types';
import type { FileState } from './store';

export const SEGMENT_FORMAT = 'tokenwise-ledger-segment';

export interface SegmentHeader {
  format: typeof SEGMENT_FORMAT;
  version: number;
  pid: number;
  createdAtMs: number;
}

export type SegmentEntry =
  | { kind: 'header'; header: SegmentHeader }
  | { kind: 'record'; record: UsageRecord }
  | { kind: 'edit'; edit: EditEvent }
  | { kind: 'file'; file: FileState };

type Json = ReaderState;

export function encodeLine(entry: SegmentEntry): string {
  const json = JSON.stringify(toArray(entry));
  return `${checksum(json)}${json}\n`;
}

function checksum(json: string): string {
  return zlib.crc32(json).toString(16).padStart(8, '0');
}

/** The JSON payload of a line whose checksum matches, or undefined for a torn or damaged line. */
export function verifyLine(line: string): Json | undefined {
  if (line.length < 10) return undefined;
  const json = line.slice(8);
  if (line.slice(0, 8) !== checksum(json)) return undefined;
  try {
    return JSON.parse(json) as Json;
  } catch {
    return undefined;
  }
}

function toArray(entry: SegmentEntry): Json {
  switch (entry.kind) {
    case 'header':
      return ['h', { ...entry.header }];
    case 'record': {
      const r = entry.record;
      return ['r', r.tool, r.sessionId, r.project, r.timestampMs, r.model, r.inputUncached, r.cacheWrite5m, r.cacheWrite1h, r.cacheRead, r.output, r.reasoning, r.costReportedUSD, r.speed ?? null, r.sidechain ? 1 : 0, r.dedupKey, r.revision ?? null];
    }
    case 'edit': {
      const e = entry.edit;
      return ['e', e.tool, e.sessionId, e.project, e.timestampMs, e.model, e.filePath, e.toolName, e.outcome, e.userModified, e.autoApproved, e.linesAdded, e.linesRemoved, e.dedupKey];
    }
    case 'file':
      return ['f', { ...entry.file, cursor: { offset: entry.file.cursor.offset, state: entry.file.cursor.state } }];
  }
}

const isString = (v: Json | undefined): v is string => typeof v === 'string';
const isNumber = (v: Json | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const isNullableString = (v: Json | undefined): v is string | null => v === null || typeof v === 'string';
const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
const outcomes: readonly string[] = ['accepted', 'rejected', 'failed', 'unresolved'];

/** Turns a verified, current-version line payload back into an entry; undefined when its shape is wrong. */
export function decodeEntry(value: Json): SegmentEntry | undefined {
  if (!Array.isArray(value)) return undefined;
  const [kind] = value;
  if (kind === 'h' && isObject(value[1])) return decodeHeader(value[1]);
  if (kind === 'r') return decodeRecord(value);
  if (kind === 'e') return decodeEdit(value);
  if (kind === 'f' && isObject(value[1])) return decodeFile(value[1]);
  return undefined;
}

function decodeHeader(h: { [key: string]: Json }): SegmentEntry | undefined {
  if (h.format !== SEGMENT_FORMAT || !isNumber(h.version)) return undefined;
  return { kind: 'header', header: { format: SEGMENT_FORMAT, version: h.version, pid: isNumber(h.pid) ? h.pid : 0, createdAtMs: isNumber(h.createdAtMs) ? h.createdAtMs : 0 } };
}

function decodeRecord(v: Json[]): SegmentEntry | undefined {
  const [, tool, sessionId, project, timestampMs, model, inputUncached, cacheWrite5m, cacheWrite1h, cacheRead, output, reasoning, cost, speed, sidechain, dedupKey, revision] = v;
  if (!isString(tool) || !isString(sessionId) || !isNullableString(project) || !isNumber(timestampMs) || !isString(model) || !isString(dedupKey)) return undefined;
  if (![inputUncached, cacheWrite5m, cacheWrite1h, cacheRead, output, reasoning].every(isNumber)) return undefined;
  const record: UsageRecord = {
    tool: tool as ToolId,
    sessionId,
    project,
    timestampMs,
    model,
    inputUncached: inputUncached as number,
    cacheWrite5m: cacheWrite5m as number,
    cacheWrite1h: cacheWrite1h as number,
    cacheRead: cacheRead as number,
    output: output as number,
    reasoning: reasoning as number,
    costReportedUSD: isNumber(cost) ? cost : null,
    dedupKey,
  };
  if (speed === 'fast' || speed === 'standard') record.speed = speed;
  if (sidechain === 1) record.sidechain = true;
  if (isNumber(revision)) record.revision = revision;
  return { kind: 'record', record };
}

function decodeEdit(v: Json[]): SegmentEntry | undefined {
  const [, tool, sessionId, project, timestampMs, model, filePath, toolName, outcome, userModified, autoApproved, linesAdded, linesRemoved, dedupKey] = v;
  if (!isString(tool) || !isString(sessionId) || !isNullableString(project) || !isNumber(timestampMs) || !isNullableString(model) || !isNullableString(filePath)) return undefined;
  if (!isString(toolName) || !isString(outcome) || !outcomes.includes(outcome) || typeof userModified !== 'boolean' || !isNumber(linesAdded) || !isNumber(linesRemoved) || !isString(dedupKey)) return undefined;
  if (autoApproved !== null && typeof autoApproved !== 'boolean') return undefined;
  return {
    kind: 'edit',
    edit: { tool: tool as ToolId, sessionId, project, timestampMs, model, filePath, toolName, outcome: outcome as EditOutcome, userModified, autoApproved, linesAdded, linesRemoved, dedupKey },
  };
}

function decodeFile(f: { [key: string]: Json }): SegmentEntry | undefined {
  const cursor = f.cursor;
  if (!isString(f.path) || !isString(f.tool) || (f.mode !== 'append' && f.mode !== 'whole') || !isNumber(f.size) || !isNumber(f.mtimeMs)) return undefined;
  if (!isObject(cursor) || !isNumber(cursor.offset) || !isString(f.fingerprint) || !isNumber(f.fingerprintBytes) || !isNumber(f.seenAtMs)) return undefined;
  return {
    kind: 'file',
    file: {
      path: f.path,
      tool: f.tool as ToolId,
      mode: f.mode,
      size: f.size,
      mtimeMs: f.mtimeMs,
      cursor: { offset: cursor.offset, state: cursor.state ?? null },
      fingerprint: f.fingerprint,
      fingerprintBytes: f.fingerprintBytes,
      seenAtMs: f.seenAtMs,
    },
  };
}

/** FileState as a plain JSON value (for the base file header). */
export function fileStateToJson(file: FileState): Json {
  return (toArray({ kind: 'file', file }) as Json[])[1];
}

export function fileStateFromJson(value: Json): FileState | undefined {
  const entry = isObject(value) ? decodeFile(value) : undefined;
  return entry?.kind === 'file' ? entry.file : undefined;
}
