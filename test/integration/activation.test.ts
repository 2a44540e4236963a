import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TokenwiseTestApi } from '../../src/extension';

const extensionId = 'tokenwise.tokenwise';

interface ManifestCommand {
  command: string;
  title: string;
  category?: string;
}

describe('Tokenwise activation', () => {
  let api: TokenwiseTestApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<TokenwiseTestApi>(extensionId);
    assert.ok(extension, `${extensionId} is not installed in the extension host`);
    api = await extension.activate();
  });

  it('activates in the extension host', () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.equal(extension?.isActive, true);
    console.log(`    (VS Code ${vscode.version}, Node ${process.version}, ${vscode.env.remoteName ?? 'local'} host)`);
  });

  it('registers every command declared in package.json, each under the Tokenwise category', async () => {
    const manifest = vscode.extensions.getExtension(extensionId)!.packageJSON as { contributes: { commands: ManifestCommand[] } };
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `declared in package.json but not registered: ${missing.join(', ')}`);
    assert.deepEqual([...api.commandIds].sort(), declared, 'the CommandId list and package.json disagree');
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'Tokenwise', `${command.command} has no Tokenwise category`);
  });

  it('runs "Tokenwise: Show Log" without error', async () => {
    await vscode.commands.executeCommand('tokenwise.showLog');
  });
});
