// The walkthrough is data in package.json that VS Code only checks at run time (a bad command link is a dead
// button, a bad completion event a step that never ticks): check it here against the manifest itself.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string };
  completionEvents?: string[];
  when?: string;
}
interface Manifest {
  publisher: string;
  name: string;
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    walkthroughs: { id: string; title: string; description: string; steps: Step[] }[];
  };
}

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const commands = new Set(manifest.contributes.commands.map((entry) => entry.command));
const views = new Set(Object.values(manifest.contributes.views).flatMap((list) => list.map((view) => view.id)));
/** Workbench commands a step may link to besides ours. */
const workbenchCommands = new Set(['workbench.action.openSettings']);

function isKnownCommand(id: string): boolean {
  if (commands.has(id) || workbenchCommands.has(id)) return true;
  // Every view gets a `<viewId>.focus` command from VS Code.
  return id.endsWith('.focus') && views.has(id.slice(0, -'.focus'.length));
}

/** `[label](command:id?args)` links in a step's description. */
function commandLinks(description: string): { label: string; id: string; args?: unknown }[] {
  return [...description.matchAll(/\[([^\]]+)\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)].map((match) => ({
    label: match[1],
    id: match[2],
    args: match[3] === undefined ? undefined : (JSON.parse(decodeURIComponent(match[3])) as unknown),
  }));
}

describe('the Get Started walkthrough (package.json)', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;

  it('is the one walkthrough, with the id the Get Started command opens', () => {
    assert.equal(manifest.contributes.walkthroughs.length, 1);
    assert.equal(walkthrough.id, 'gettingStarted');
    assert.ok(commands.has('tokenwise.getStarted'));
    assert.equal(`${manifest.publisher}.${manifest.name}`, 'tokenwise.tokenwise');
  });

  it('walks through the glance, Estimate This Prompt, the detected tools and the weekly trends', () => {
    assert.deepEqual(
      walkthrough.steps.map((step) => step.id),
      ['glance', 'estimate', 'detectedTools', 'trends'],
    );
  });

  it('gives every step a button, and every button runs a command that exists, with valid arguments', () => {
    for (const step of walkthrough.steps) {
      const links = commandLinks(step.description);
      assert.ok(links.length > 0, `step ${step.id} has a button`);
      for (const link of links) assert.ok(isKnownCommand(link.id), `step ${step.id}: "${link.label}" runs ${link.id}, which is not contributed`);
    }
    assert.deepEqual(
      commandLinks(walkthrough.steps.find((step) => step.id === 'detectedTools')!.description).map((link) => link.id),
      ['tokenwise.showDetectedSources', 'workbench.action.openSettings'],
    );
  });

  it('completes steps only on events that can happen: our commands or views', () => {
    for (const step of walkthrough.steps) {
      assert.ok((step.completionEvents ?? []).length > 0, `step ${step.id} can complete`);
      for (const event of step.completionEvents ?? []) {
        const [kind, target] = event.split(':');
        if (kind === 'onCommand') assert.ok(commands.has(target), `${step.id}: ${event} names an unknown command`);
        else if (kind === 'onView') assert.ok(views.has(target), `${step.id}: ${event} names an unknown view`);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
      assert.equal(step.when, undefined, `${step.id} is always shown`);
    }
  });

  it('has a media file for every step, inside media/ (which the .vsix ships)', () => {
    for (const step of walkthrough.steps) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media, `step ${step.id} has media`);
      assert.match(media, /^media\/walkthrough\//);
      assert.ok(existsSync(path.join(root, media)), `${media} exists`);
      if (step.media.image !== undefined) assert.ok(step.media.altText, `${step.id}: an image needs altText`);
    }
  });
});
