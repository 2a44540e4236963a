// The status bar glance in a real workbench: open the demo's cart.ts, select lines with Shift+Arrow, read the
// item, switch the model through the command palette and see the figure change. Screenshots go to test-results/.
import * as assert from 'node:assert/strict';
import { Workbench } from './workbench.mjs';

/** "≈1,284 tok · ≈$0.0039" → { approx: true, tokens: 1284 } */
function parseGlance(text) {
  const match = /(≈?)([\d,.]+k?) tok/.exec(text);
  assert.ok(match, `the status bar item reads "${text}"`);
  return { approx: match[1] === '≈', tokens: Number(match[2].replace(/,/g, '')) };
}

describe('Status bar glance in the workbench', function () {
  /** @type {Workbench} */
  let workbench;
  let item;
  before(async () => {
    workbench = await Workbench.open();
    item = workbench.page.locator('.statusbar-item[id$="tokenwise.tokens"]');
  });
  after(async () => workbench?.close());

  async function glanceText() {
    return (await item.innerText()).trim();
  }

  async function waitForGlanceChange(previous) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const text = await glanceText();
      if (text !== previous && /tok/.test(text)) return text;
      if (Date.now() > deadline) assert.fail(`the status bar item still reads "${text}"`);
      await workbench.page.waitForTimeout(100);
    }
  }

  it('shows the tokens of the whole file, then of a Shift+Arrow selection', async () => {
    await workbench.openFile('cart.ts');
    await item.waitFor({ timeout: 30_000 });
    await workbench.page.keyboard.press('Control+Home');
    const whole = await waitForGlanceChange('');
    const documentCount = parseGlance(whole);
    // The default model is Claude Sonnet 4.5: an estimate, marked ≈.
    assert.equal(documentCount.approx, true, whole);
    assert.ok(documentCount.tokens > 100, whole);

    for (let line = 0; line < 4; line++) await workbench.page.keyboard.press('Shift+ArrowDown');
    const selected = await waitForGlanceChange(whole);
    const selectionCount = parseGlance(selected);
    assert.ok(selectionCount.tokens > 0 && selectionCount.tokens < documentCount.tokens, `${selected} vs ${whole}`);
    await workbench.screenshot('ui-statusbar-selection');
  });

  it('switches the model with Tokenwise: Select Model and shows the exact GPT-5 figure', async () => {
    const before = await glanceText();
    await workbench.runCommand('Tokenwise: Select Model');
    const input = workbench.page.locator('.quick-input-widget input');
    await input.fill('gpt-5');
    const row = workbench.page.locator('.quick-input-list .monaco-list-row').filter({ has: workbench.page.locator('.label-name', { hasText: /^GPT-5$/ }) });
    await row.first().waitFor({ timeout: 20_000 });
    await workbench.screenshot('ui-statusbar-select-model');
    await row.first().click();
    const after = await waitForGlanceChange(before);
    const figure = parseGlance(after);
    assert.equal(figure.approx, false, `GPT-5 counts are exact: ${after}`);
    assert.ok(figure.tokens < parseGlance(before).tokens, `o200k (${after}) counts fewer than the Claude estimate (${before})`);

    await item.hover();
    await workbench.page.locator('.monaco-hover', { hasText: 'counted for' }).first().waitFor({ timeout: 20_000 });
    const tooltip = await workbench.page.locator('.monaco-hover', { hasText: 'counted for' }).first().innerText();
    assert.match(tooltip, /GPT-5 \(current model\)/);
    assert.match(tooltip, /Claude Sonnet 4\.5/);
    await workbench.screenshot('ui-statusbar-tooltip');
    assert.deepEqual(workbench.pageErrors.filter((e) => /tokenwise/i.test(e)), []);
  });
});
