/** Weekly budget progress and when to say something about it (once at 80 %, once at 100 %, per week). */
import type { BudgetProgress, LocalDate } from '../../shared/protocol';

export type BudgetAlertLevel = 80 | 100;

export function budgetProgress(weeklyBudgetUSD: number | null, spentUSD: number): BudgetProgress | null {
  if (weeklyBudgetUSD === null || !Number.isFinite(weeklyBudgetUSD) || weeklyBudgetUSD < 0) return null;
  return { weeklyBudgetUSD, spentUSD, fraction: weeklyBudgetUSD > 0 ? spentUSD / weeklyBudgetUSD : null };
}

/** What was last announced, remembered across sessions so each level is announced once per week. */
export interface BudgetAlertMemory {
  weekStart: LocalDate;
  level: BudgetAlertLevel;
}

/** The level to announce now, or null: nothing new crossed this week (a new week forgets the old memory). */
export function budgetAlertToShow(progress: BudgetProgress | null, weekStart: LocalDate, memory: BudgetAlertMemory | undefined): BudgetAlertLevel | null {
  if (!progress || progress.fraction === null) return null;
  const reached: BudgetAlertLevel | null = progress.fraction >= 1 ? 100 : progress.fraction >= 0.8 ? 80 : null;
  if (reached === null) return null;
  const alreadyAnnounced = memory && memory.weekStart === weekStart ? memory.level : 0;
  return reached > alreadyAnnounced ? reached : null;
}
