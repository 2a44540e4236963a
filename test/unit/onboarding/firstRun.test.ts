import * as assert from 'node:assert/strict';
import { showOnce, WALKTHROUGH_SHOWN_KEY, type FlagStore } from '../../../src/core/onboarding/firstRun';

/** An in-memory Memento, like VS Code's global state between two windows of one install. */
class MemoryStore implements FlagStore {
  readonly values = new Map<string, unknown>();
  get(key: string): unknown {
    return this.values.get(key);
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

describe('showOnce (the first-run walkthrough)', () => {
  it('shows on the first run and never again', async () => {
    const store = new MemoryStore();
    let shown = 0;
    const show = () => Promise.resolve(shown++);
    assert.equal(await showOnce(store, WALKTHROUGH_SHOWN_KEY, show), true);
    assert.equal(await showOnce(store, WALKTHROUGH_SHOWN_KEY, show), false);
    assert.equal(await showOnce(store, WALKTHROUGH_SHOWN_KEY, show), false);
    assert.equal(shown, 1);
    assert.equal(store.get(WALKTHROUGH_SHOWN_KEY), true);
  });

  it('sets the flag before showing, so a failed show does not come back on every start', async () => {
    const store = new MemoryStore();
    await assert.rejects(showOnce(store, WALKTHROUGH_SHOWN_KEY, () => Promise.reject(new Error('no workbench'))), /no workbench/);
    let shown = false;
    assert.equal(await showOnce(store, WALKTHROUGH_SHOWN_KEY, () => Promise.resolve((shown = true))), false);
    assert.equal(shown, false);
  });

  it('treats anything but `true` in the store as not shown yet (a corrupt value does not hide it forever)', async () => {
    const store = new MemoryStore();
    store.values.set(WALKTHROUGH_SHOWN_KEY, 'yes');
    let shown = 0;
    assert.equal(await showOnce(store, WALKTHROUGH_SHOWN_KEY, () => Promise.resolve(shown++)), true);
    assert.equal(shown, 1);
  });
});
