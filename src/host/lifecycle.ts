import type * as vscode from 'vscode';

/**
 * Base class for objects that own VS Code resources. Children registered with {@link register} are disposed
 * with their owner; registering on an already disposed owner disposes the child at once, so late async work
 * cannot leak listeners.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly children: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  protected register<T extends vscode.Disposable>(child: T): T {
    if (this.disposed) {
      child.dispose();
    } else {
      this.children.push(child);
    }
    return child;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Dispose in reverse order of creation, like a stack of acquired resources.
    for (const child of this.children.splice(0).reverse()) {
      try {
        child.dispose();
      } catch {
        // One failing child must not keep the others alive.
      }
    }
  }
}
