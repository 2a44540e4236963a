/**
 * Collects the edit events of one read. A proposal is first recorded as 'unresolved'; when its result
 * arrives in the same read the entry is replaced, so a read reports each edit once, in its latest known state.
 * (A result that arrives in a later read produces a second event with the same dedupKey; the ledger keeps
 * the resolved one — see preferEdit in ../usage/types.)
 */
import type { EditEvent } from '../usage/types';

export class EditBook {
  private readonly events = new Map<string, EditEvent>();

  /** Records `event`, replacing any earlier state of the same edit seen in this read. */
  record(event: EditEvent): void {
    this.events.set(event.dedupKey, event);
  }

  list(): EditEvent[] {
    return [...this.events.values()];
  }
}
