// Weekly trends in the real workbench, with the Claude Code and Codex logs of test/harness/weekFixtures.mjs
// (responses this week and last week). Expected figures are computed HERE from the fixture's numbers and the
// bundled catalog's prices — not with Tokenwise's code — and the panel's CSV export is compared with the CLI's
// `report --json --by day` over the same logs. Also the first-run walkthrough: opened on the first start,
// reopened by "Tokenwise: Get Started", its "Show Detected AI Tools" button lists what was found and where.
// (That it opens only once is unit-tested: code-server keeps global state in the browser, and each spec file's
// browser starts with a fresh profile.)
// Screenshots go to test-results/ (look at them).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Workbench } from '../workbench.mjs';

const repoRoot = path.resolve(new URL('../../..', import.meta.url).pathname);
const fixture = JSON.parse(process.env.TOKENWISE_UI_WEEK_FIXTURE ?? 'null');

/** The catalog entry of a model id or alias, as the data file states it. */
function catalogPrices(model) {
  const { models } = JSON.parse(readFileSync(path.join(repoRoot, 'src', 'core', 'models', 'catalog.json'), 'utf8'));
  const entry = models[model] ?? Object.values(models).find((candidate) => candidate.aliases?.includes(model));
  assert.ok(entry, `${model} is in the catalog`);
  return entry;
}

/** API-equivalent cost of one fixture response: per-token prices × tokens (cache writes at the 5-minute rate). */
function responseCost(response) {
  const prices = catalogPrices(response.model);
  return (
    response.input * prices.input_cost_per_token +
    response.cacheWrite * (prices.cache_creation_input_token_cost ?? 0) +
    response.cacheRead * (prices.cache_read_input_token_cost ?? prices.input_cost_per_token) +
    response.output * prices.output_cost_per_token
  );
}

function totals(responses) {
  const sum = (key) => responses.reduce((total, response) => total + response[key], 0);
  const split = { input: sum('input'), output: sum('output'), cacheWrite: sum('cacheWrite'), cacheRead: sum('cacheRead') };
  return { ...split, tokens: split.input + split.output + split.cacheWrite + split.cacheRead, costUSD: responses.reduce((total, response) => total + responseCost(response), 0) };
}

const grouped = (value) => value.toLocaleString('en-US');
const dollars = (value) => `$${value.toFixed(2)}`;

/** "date,input_tokens,…\n2026-11-29,…" → [{ date, input_tokens: number, … }] */
function parseCsv(text) {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, index) => [columns[index], index === 0 ? value : Number(value)])));
}

describe('Weekly trends with fixture logs in the workbench', function () {
  /** @type {Workbench} */
  let workbench;
  const thisWeek = () => totals(fixture.responses.filter((response) => response.date >= fixture.thisWeekStart));
  const lastWeek = () => totals(fixture.responses.filter((response) => response.date >= fixture.lastWeekStart && response.date < fixture.thisWeekStart));

  before(async function () {
    assert.ok(fixture, 'TOKENWISE_UI_WEEK_FIXTURE is set: run through `node test/harness/run-ui.mjs`');
    workbench = await Workbench.open();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`ui-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => workbench?.close());

  it('opens the Get Started walkthrough on the first start; its button lists the AI tools found and where', async () => {
    const { page } = workbench;
    const walkthrough = page.locator('.gettingStartedContainer');
    await walkthrough.locator('.getting-started-category', { hasText: 'Get Started with Tokenwise' }).first().waitFor({ timeout: 60_000 });
    const detectedStep = walkthrough.locator('.getting-started-step', { hasText: 'Which AI tools were found' }).first();
    await detectedStep.click();
    // Not ticked before its button ran.
    assert.equal(await detectedStep.locator('.codicon-getting-started-step-checked:not(.hidden)').count(), 0);
    // The step's media is a markdown page rendered in a webview of its own: let it paint.
    await page.waitForTimeout(1_500);
    await workbench.screenshot('ui-walkthrough');
    await walkthrough.getByRole('button', { name: 'Show Detected AI Tools' }).click();

    const quickPick = page.locator('.quick-input-widget');
    await quickPick.locator('.quick-input-title', { hasText: 'Found logs of Claude Code, OpenAI Codex' }).waitFor({ timeout: 60_000 });
    const row = (label) => quickPick.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    const claude = await row('Claude Code').innerText();
    assert.match(claude, /1 log file · 3 responses/);
    assert.ok(claude.includes(`Read from ${fixture.claudeDir}`), claude);
    const codex = await row('OpenAI Codex').innerText();
    assert.match(codex, /2 log files · 2 responses/);
    assert.ok(codex.includes(`Read from ${fixture.codexHome}`), codex);
    assert.match(await row('Gemini CLI').innerText(), /No logs found/);
    await workbench.screenshot('ui-detected-tools');
    await page.keyboard.press('Escape');
  });

  it("shows this week's tokens and cost, and last week's, in the sidebar", async () => {
    await workbench.showTokenwiseSidebar();
    const view = await workbench.findWebview('body[data-view="trends"] article.card[data-metric="tokens"]', 'the Weekly Trends cards', 90_000);
    const expected = thisWeek();
    const previous = lastWeek();
    const tokensCard = view.locator('article.card[data-metric="tokens"]');
    const costCard = view.locator('article.card[data-metric="cost"]');
    // The first scan may land after the first render: wait for the figure, then compare everything.
    await tokensCard.locator('.card-value', { hasText: grouped(expected.tokens) }).waitFor({ timeout: 60_000 }).catch(() => undefined);
    assert.equal(await tokensCard.locator('.card-value').innerText(), grouped(expected.tokens));
    assert.equal(
      await tokensCard.locator('.card-detail').innerText(),
      `Input ${grouped(expected.input)} · Output ${grouped(expected.output)} · Cache write ${grouped(expected.cacheWrite)} · Cache read ${grouped(expected.cacheRead)}`,
    );
    assert.match(await tokensCard.locator('.card-change').innerText(), new RegExp(`last week ${grouped(previous.tokens)}$`));
    assert.equal(await costCard.locator('.card-value').innerText(), dollars(expected.costUSD));
    assert.match(await costCard.locator('.card-change').innerText(), new RegExp(`last week \\${dollars(previous.costUSD)}$`));
    assert.match(await view.locator('body').innerText(), new RegExp(`Exact totals this week: ${grouped(expected.tokens)} tokens`));
    await workbench.screenshot('ui-weekly-trends-sidebar');
  });

  it("exports the Trends panel's days to CSV through the save dialog, matching the CLI's report", async () => {
    const { page } = workbench;
    await workbench.focusWorkbench();
    await workbench.runCommand('Tokenwise: Open Trends');
    const panel = await workbench.findWebview('body[data-view="trendsPanel"] table', 'the Trends panel table', 60_000);
    await page.waitForTimeout(500);
    await workbench.screenshot('ui-trends-panel');

    await panel.locator('vscode-button', { hasText: 'Export CSV' }).click();
    // code-server's save dialog is VS Code's simple file dialog: a quick input holding the path.
    const target = path.join(process.env.TOKENWISE_UI_WORKSPACE, 'exported-trends.csv');
    const pathInput = page.locator('.quick-input-widget input');
    await pathInput.waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value.endsWith('.csv'), undefined, { timeout: 30_000 });
    await pathInput.fill(target);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 30_000;
    while (!existsSync(target) && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(existsSync(target), `the export wrote ${target}`);

    const rows = parseCsv(readFileSync(target, 'utf8'));
    const dates = rows.map((row) => row.date).sort();
    // The default range: the last 4 weeks ending today, one row per day.
    assert.equal(rows.length, 28);
    assert.equal(dates.at(-1), fixture.today);
    const withUsage = rows.filter((row) => row.total_tokens > 0).sort((a, b) => (a.date < b.date ? -1 : 1));
    assert.deepEqual(
      withUsage.map((row) => row.date),
      [...new Set(fixture.responses.map((response) => response.date))].sort(),
    );
    for (const row of withUsage) {
      const day = totals(fixture.responses.filter((response) => response.date === row.date));
      assert.deepEqual([row.input_tokens, row.output_tokens, row.cache_write_tokens, row.cache_read_tokens, row.total_tokens], [day.input, day.output, day.cacheWrite, day.cacheRead, day.tokens], row.date);
      assert.ok(Math.abs(row.cost_usd - day.costUSD) < 1e-6, `${row.date}: ${row.cost_usd} vs ${day.costUSD}`);
    }

    const cli = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'dist', 'cli.js'), 'report', '--json', '--by', 'day', '--since', dates[0], '--until', dates.at(-1), '--claude-dir', fixture.claudeDir, '--codex-dir', fixture.codexHome, '--no-ledger'],
      { encoding: 'utf8' },
    );
    assert.equal(cli.status, 0, cli.stderr);
    const report = JSON.parse(cli.stdout);
    assert.deepEqual(
      report.rows.map((row) => [row.key, row.inputTokens, row.outputTokens, row.cacheWriteTokens, row.cacheReadTokens, row.totalTokens]),
      withUsage.map((row) => [row.date, row.input_tokens, row.output_tokens, row.cache_write_tokens, row.cache_read_tokens, row.total_tokens]),
    );
    for (const [index, row] of report.rows.entries()) assert.ok(Math.abs(row.costUSD - withUsage[index].cost_usd) < 1e-6, `${row.key}: CLI ${row.costUSD}, CSV ${withUsage[index].cost_usd}`);
  });

  it('reopens the walkthrough with "Tokenwise: Get Started"', async () => {
    const { page } = workbench;
    await workbench.focusWorkbench();
    await workbench.runCommand('View: Close All Editors');
    await page.locator('.gettingStartedContainer').waitFor({ state: 'detached', timeout: 20_000 });
    await workbench.runCommand('Tokenwise: Get Started');
    const walkthrough = page.locator('.gettingStartedContainer');
    await walkthrough.locator('.getting-started-category', { hasText: 'Get Started with Tokenwise' }).first().waitFor({ timeout: 30_000 });
    // The steps whose commands ran in the tests above are ticked.
    for (const step of ['Which AI tools were found', 'Look back at your week']) {
      const ticked = page.locator('.codicon-getting-started-step-checked:not(.hidden)');
      await walkthrough.locator('.getting-started-step', { hasText: step, has: ticked }).first().waitFor({ timeout: 10_000 });
    }
    await page.waitForTimeout(1_500);
    await workbench.screenshot('ui-walkthrough-get-started');
    // Every step's page (media) renders: look at them.
    for (const [step, name] of [['Estimate This Prompt', 'estimate'], ['Look back at your week', 'trends']]) {
      await walkthrough.locator('.getting-started-step', { hasText: step }).first().click();
      await page.waitForTimeout(1_500);
      await workbench.screenshot(`ui-walkthrough-${name}`);
    }
    assert.deepEqual(workbench.pageErrors.filter((error) => /tokenwise|Content Security Policy/i.test(error)), []);
  });
});
