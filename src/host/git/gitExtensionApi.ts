/**
 * The part of VS Code's built-in git extension API (`vscode.git`, API version 1) that Tokenwise uses, declared
 * here rather than imported: the extension ships no types package, and depending on its whole `git.d.ts` for
 * six members would tie us to every change in it. Only members present since API version 1 are listed.
 */
import type * as vscode from 'vscode';

export interface GitBranch {
  /** The commit hash HEAD points at; undefined in a repository without commits. */
  readonly commit?: string;
}

export interface GitRepositoryState {
  readonly HEAD: GitBranch | undefined;
  /** Fires on any change the git extension notices: HEAD moves, the index or working tree changes. */
  readonly onDidChange: vscode.Event<void>;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: GitRepositoryState;
}

export interface GitAPI {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  /** The git executable the extension found: the same one Tokenwise then runs for `git log --numstat`. */
  readonly git: { readonly path: string };
  readonly repositories: readonly GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  readonly onDidCloseRepository: vscode.Event<GitRepository>;
  /** Opens the repository at `root` (as the Source Control view would); null when there is none. */
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

export interface GitExtension {
  /** False when the user switched git off (`git.enabled`); getAPI then throws. */
  readonly enabled: boolean;
  readonly onDidChangeEnablement: vscode.Event<boolean>;
  getAPI(version: 1): GitAPI;
}

export const GIT_EXTENSION_ID = 'vscode.git';
