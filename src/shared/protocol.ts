/**
 * Typed messages between the extension host and Tokenwise webviews. Both bundles compile this file, and both
 * sides validate what they receive with the guards below: a webview is a separate, untrusted page.
 *
 * Three kinds, kept apart (as GitLens does): commands (webview → host, fire and forget), requests
 * (webview → host, answered with a response carrying the same id) and notifications (host → webview).
 */

import { isEstimateCommand, isEstimateState, type EstimateCommand, type EstimateState } from './estimateProtocol';

export * from './estimateProtocol';

export type ViewId = 'trends' | 'estimate';

// ──── webview → host ────

/** Sent once the page has loaded and can take state; the host queues until then (ready handshake). */
export interface ReadyCommand {
  method: 'ready';
  params: { view: ViewId };
}

/** Ask the host to run one of Tokenwise's own commands (buttons in empty states and walkthroughs). */
export interface RunCommand {
  method: 'runCommand';
  params: { command: `tokenwise.${string}` };
}

export type WebviewToHostMessage = ReadyCommand | RunCommand | EstimateCommand;

// ──── host → webview ────

export interface TrendsState {
  view: 'trends';
  /** Whether any usage data has been found yet. */
  status: 'empty';
}

export type ViewState = TrendsState | EstimateState;

export interface StateNotification {
  method: 'state';
  params: ViewState;
}

export type HostToWebviewMessage = StateNotification;

// ──── guards ────

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const viewIds: readonly ViewId[] = ['trends', 'estimate'];

export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (!isRecord(value) || !isRecord(value.params)) return false;
  switch (value.method) {
    case 'ready':
      return viewIds.includes(value.params.view as ViewId);
    case 'runCommand':
      return typeof value.params.command === 'string' && /^tokenwise\.[A-Za-z]+$/.test(value.params.command);
    default:
      return isEstimateCommand(value);
  }
}

export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  if (!isRecord(value) || value.method !== 'state' || !isRecord(value.params)) return false;
  if (value.params.view === 'estimate') return isEstimateState(value.params);
  return value.params.view === 'trends' && value.params.status === 'empty';
}
