import * as assert from 'node:assert/strict';
import { addDays, assertTimeZone, datesFrom, daysBetween, isoWeekStart, localDateOf } from '../../../src/core/trends/calendar';

describe('trends calendar', () => {
  it('dates an instant in the given zone, not in UTC', () => {
    const instant = Date.parse('2026-11-22T23:30:00Z');
    assert.equal(localDateOf(instant, 'UTC'), '2026-11-22');
    assert.equal(localDateOf(instant, 'Europe/Berlin'), '2026-11-23');
    assert.equal(localDateOf(instant, 'America/Los_Angeles'), '2026-11-22');
    assert.equal(localDateOf(instant, 'Asia/Kolkata'), '2026-11-23');
  });

  it('handles the day daylight saving time ends (America/New_York, 2026-11-01)', () => {
    assert.equal(localDateOf(Date.parse('2026-11-01T03:30:00Z'), 'America/New_York'), '2026-10-31'); // 23:30 EDT
    assert.equal(localDateOf(Date.parse('2026-11-01T04:30:00Z'), 'America/New_York'), '2026-11-01'); // 00:30 EDT
    assert.equal(localDateOf(Date.parse('2026-11-02T04:30:00Z'), 'America/New_York'), '2026-11-01'); // 23:30 EST
  });

  it('starts ISO weeks on Monday, across month and year ends', () => {
    assert.equal(isoWeekStart('2026-11-23'), '2026-11-23'); // Monday
    assert.equal(isoWeekStart('2026-11-25'), '2026-11-23'); // Wednesday
    assert.equal(isoWeekStart('2026-11-01'), '2026-10-26'); // Sunday belongs to the week before
    assert.equal(isoWeekStart('2027-01-01'), '2026-12-28'); // Friday, ISO week 53 of 2026
  });

  it('counts and lists days', () => {
    assert.equal(addDays('2026-02-28', 1), '2026-03-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(daysBetween('2026-10-25', '2026-11-01'), 7);
    assert.deepEqual(datesFrom('2026-12-30', '2027-01-02'), ['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    assert.deepEqual(datesFrom('2026-01-02', '2026-01-01'), []);
  });

  it('names an unknown zone clearly', () => {
    assert.throws(() => assertTimeZone('Mars/Olympus'), /Unknown time zone "Mars\/Olympus"/);
    assert.throws(() => localDateOf(0, 'Europe/Nowhere'), /Unknown time zone/);
  });
});
