/** "Show this once, on the first run, never again": a flag in the extension's global state. Pure, for unit tests. */

/** The part of VS Code's `Memento` this needs. */
export interface FlagStore {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const WALKTHROUGH_SHOWN_KEY = 'tokenwise.walkthroughShown';

/**
 * Runs `show` unless the flag under `key` is already set. The flag is set BEFORE showing, so a window closed
 * mid-way (or a show that fails) never brings it back on the next start. Returns whether `show` ran.
 */
export async function showOnce(store: FlagStore, key: string, show: () => PromiseLike<unknown>): Promise<boolean> {
  if (store.get(key) === true) return false;
  await store.update(key, true);
  await show();
  return true;
}
