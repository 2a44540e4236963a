/**
 * Landed changes in the editor: the workspace's git repositories, as VS Code's built-in git extension knows
 * them, and the commits the user's identities (`tokenwise.efficiency.authors`) landed in them. The git
 * extension says which repositories exist (also ones opened later) and when HEAD moves; the commits and their
 * line counts come from the same `git log --numstat` reader the CLI uses (API version 1 offers no line counts),
 * run with the git executable the extension found, and are attributed to projects exactly as the CLI does.
 */
import * as vscode from 'vscode';
import type { AttributedCommit } from '../../core/git/attribution';
import { collectLandedChanges } from '../../core/git/landed';
import { SECTION } from '../config';
import { Disposable } from '../lifecycle';
import { settingValue } from '../settings';
import { GIT_EXTENSION_ID, type GitAPI, type GitExtension, type GitRepository } from './gitExtensionApi';

/** Commits are read this far back: the Trends' 12-week series plus the week in progress, with a margin. */
export const COMMIT_HISTORY_DAYS = 7 * 14;
const MS_PER_DAY = 86_400_000;
/** HEAD moves in bursts (a rebase, a pull); one read per quiet moment is enough. */
const REFRESH_DEBOUNCE_MS = 1_000;

/** What the workspace's git says right now. */
export interface LandedInEditor {
  commits: readonly AttributedCommit[];
  /** The repository roots read. */
  repositories: readonly string[];
  /** Why there are no commits, or what went wrong; empty when all is well. */
  problems: readonly string[];
}

export class WorkspaceGit extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires after the commits were read again. */
  readonly onDidChange = this.changed.event;
  private api: GitAPI | undefined;
  private readonly tracked = new Map<string, { repository: GitRepository; head: string | undefined; subscription: vscode.Disposable }>();
  private readonly apiSubscriptions: vscode.Disposable[] = [];
  private landed: LandedInEditor = { commits: [], repositories: [], problems: ['Reading the workspace’s git repositories…'] };
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> = Promise.resolve();
  private pendingReads = 0;
  /** The project folders the last read attributed commits to: a usage change that keeps them needs no new read. */
  private readProjectsKey: string | undefined;

  constructor(
    private readonly projects: () => Iterable<string | null>,
    onProjectsChange: vscode.Event<void>,
    private readonly log: vscode.LogOutputChannel,
    private readonly now: () => number = () => Date.now(),
  ) {
    super();
    this.register({ dispose: () => clearTimeout(this.timer) });
    this.register({ dispose: () => this.detach() });
    // Usage changes with every ingest round (often, while an agent runs); git is read again only for new projects.
    this.register(
      onProjectsChange(() => {
        if (projectsKey(this.projects()) !== this.readProjectsKey) this.schedule();
      }),
    );
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SECTION}.efficiency.authors`)) this.schedule(0);
      }),
    );
  }

  get current(): LandedInEditor {
    return this.landed;
  }

  /** Connects to the git extension; returns at once, the first read follows in the background. */
  start(): void {
    void this.connect().catch((error: unknown) => this.fail(`Could not use the built-in Git extension: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** Reads the commits now (after any read in progress) and resolves when done: for Refresh and tests. */
  refresh(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingReads++;
    this.reading = this.reading.then(() => this.read()).finally(() => this.pendingReads--);
    return this.reading;
  }

  /** Resolves once no read is scheduled or running. */
  async whenIdle(): Promise<void> {
    while (this.timer !== undefined || this.pendingReads > 0) {
      await (this.timer !== undefined ? new Promise((resolve) => setTimeout(resolve, 50)) : this.reading);
    }
  }

  private async connect(): Promise<void> {
    const extension = vscode.extensions.getExtension<GitExtension>(GIT_EXTENSION_ID);
    if (extension === undefined) {
      this.fail('No commits are counted: the built-in Git extension (vscode.git) is not installed or is disabled.');
      return;
    }
    const exports = extension.isActive ? extension.exports : await extension.activate();
    if (this.isDisposed) return;
    this.register(exports.onDidChangeEnablement((enabled) => (enabled ? this.useApi(exports.getAPI(1)) : this.disconnect())));
    if (!exports.enabled) {
      this.disconnect();
      return;
    }
    this.useApi(exports.getAPI(1));
  }

  private useApi(api: GitAPI): void {
    this.detach();
    this.api = api;
    this.apiSubscriptions.push(
      api.onDidOpenRepository((repository) => {
        this.track(repository);
        this.schedule(0);
      }),
      api.onDidCloseRepository((repository) => {
        this.untrack(repository.rootUri.fsPath);
        this.schedule(0);
      }),
      api.onDidChangeState(() => {
        for (const repository of api.repositories) this.track(repository);
        this.schedule(0);
      }),
    );
    for (const repository of api.repositories) this.track(repository);
    this.schedule(0);
  }

  /** Stops listening to the current API, if any, and forgets its repositories. */
  private detach(): void {
    for (const subscription of this.apiSubscriptions.splice(0)) subscription.dispose();
    this.untrackAll();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.api = undefined;
  }

  /** Git switched off (`git.enabled: false`): forget the repositories and say why there are no commits. */
  private disconnect(): void {
    this.detach();
    this.fail('No commits are counted: Git is disabled in this editor (setting git.enabled).');
  }

  private track(repository: GitRepository): void {
    const root = repository.rootUri.fsPath;
    if (this.tracked.has(root)) return;
    // The state changes on every file save; only a moved HEAD (a commit, checkout, pull, rebase) means new commits.
    const subscription = repository.state.onDidChange(() => {
      const entry = this.tracked.get(root);
      const head = repository.state.HEAD?.commit;
      if (entry === undefined || entry.head === head) return;
      entry.head = head;
      this.schedule();
    });
    this.tracked.set(root, { repository, head: repository.state.HEAD?.commit, subscription });
  }

  private untrack(root: string): void {
    this.tracked.get(root)?.subscription.dispose();
    this.tracked.delete(root);
  }

  private untrackAll(): void {
    for (const root of [...this.tracked.keys()]) this.untrack(root);
  }

  private schedule(delayMs = REFRESH_DEBOUNCE_MS): void {
    if (this.isDisposed || this.api === undefined) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delayMs);
  }

  private fail(problem: string): void {
    this.landed = { commits: [], repositories: [], problems: [problem] };
    this.log.info(problem);
    if (!this.isDisposed) this.changed.fire();
  }

  private async read(): Promise<void> {
    const api = this.api;
    if (this.isDisposed || api === undefined) return;
    const roots = [...this.tracked.keys()].sort();
    if (roots.length === 0) {
      this.landed = { commits: [], repositories: [], problems: ['No commits are counted: no git repository is open in this window.'] };
      this.changed.fire();
      return;
    }
    const projects = [...this.projects()];
    const result = await collectLandedChanges({
      projects,
      extraRepos: roots,
      includeProjectRepos: false,
      authors: settingValue('efficiency.authors'),
      sinceMs: this.now() - COMMIT_HISTORY_DAYS * MS_PER_DAY,
      gitPath: api.git.path,
    });
    // Git was switched off (or on again) while git ran: that newer state stands.
    if (this.isDisposed || this.api !== api) return;
    for (const problem of result.problems) this.log.warn(`Git: ${problem}`);
    this.log.info(`Git: ${result.commits.length} commits by ${describeAuthors(result.repos)} in ${result.repos.length} of ${roots.length} repositories`);
    this.readProjectsKey = projectsKey(projects);
    this.landed = { commits: result.commits, repositories: result.repos.map((repo) => repo.repoRoot), problems: result.problems };
    this.changed.fire();
  }
}

/** The distinct project folders, in a fixed order, as one comparable string. */
function projectsKey(projects: Iterable<string | null>): string {
  return JSON.stringify([...new Set(projects)].sort());
}

function describeAuthors(repos: ReadonlyArray<{ authors: string[] }>): string {
  const authors = [...new Set(repos.flatMap((repo) => repo.authors))];
  return authors.length === 0 ? 'nobody' : authors.join(', ');
}
