import { Logger } from '@nestjs/common';
import { backoffDelay } from '../connection/backoff';

export interface DependencyGateOptions {
  /** Resolves when the dependencies answer again (e.g. `select 1`); throws or rejects while they do not. */
  probe?: () => Promise<unknown>;
  /** Called when the gate closes: stop taking messages. */
  onClose: () => Promise<void> | void;
  /** Called when the gate opens again: take messages again. */
  onOpen: () => Promise<void> | void;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * A circuit breaker in front of the handlers. A transient failure (the database or the broker
 * away) closes it: the consumers pause, so no further message is taken only to fail, and the
 * messages already taken wait, unacknowledged, for it to open. It probes the dependency with
 * backoff and opens when the probe passes (without a probe, after one backoff step, and the
 * waiting messages are the probe). Logs once when it closes and once when it opens.
 */
export class DependencyGate {
  private readonly logger = new Logger('DependencyGate');
  private openedAgain: Promise<void> | undefined;
  private release: (() => void) | undefined;
  private closedAt = 0;
  private stopped = false;
  private wakeProbe: (() => void) | undefined;

  constructor(private readonly options: DependencyGateOptions) {}

  get isOpen(): boolean {
    return this.openedAgain === undefined;
  }

  /** Resolves at once while open; otherwise when the dependency is back (or the gate stops). */
  whenOpen(): Promise<void> {
    return this.openedAgain ?? Promise.resolve();
  }

  /** A transient failure happened: close (once) and start probing. */
  trip(cause: unknown): void {
    if (this.stopped || this.openedAgain) return;
    this.closedAt = Date.now();
    this.openedAgain = new Promise((resolve) => (this.release = resolve));
    this.logger.warn({ msg: 'a dependency is unavailable; pausing the consumers until it answers again', err: describe(cause) });
    // Deliberately detached: the probe loop runs until the dependency answers or the gate stops.
    void this.probeUntilBack();
  }

  /** Shutdown: open for good so waiting handlers can give their messages back. */
  stop(): void {
    this.stopped = true;
    this.wakeProbe?.();
    this.finishOpening();
  }

  private async probeUntilBack(): Promise<void> {
    try {
      await this.options.onClose();
    } catch (error) {
      this.logger.warn({ msg: 'could not pause the consumers', err: describe(error) });
    }
    for (let attempt = 0; !this.stopped; attempt++) {
      await this.sleep(backoffDelay(attempt, this.options.initialDelayMs ?? 250, this.options.maxDelayMs ?? 5_000));
      if (this.stopped) return;
      try {
        await this.options.probe?.();
        break;
      } catch {
        // Still away: the first failure was logged when the gate closed; keep probing quietly.
      }
    }
    if (this.stopped) return;
    this.logger.log({ msg: `dependencies answer again after ${Date.now() - this.closedAt} ms; resuming the consumers` });
    this.finishOpening();
    try {
      await this.options.onOpen();
    } catch (error) {
      // The connection's reconnect set-up consumes again in that case.
      this.logger.warn({ msg: 'could not resume the consumers', err: describe(error) });
    }
  }

  private finishOpening(): void {
    const release = this.release;
    this.openedAgain = undefined;
    this.release = undefined;
    release?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      const wake = () => done();
      this.wakeProbe = wake;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}

function describe(error: unknown): { name: string; message: string; code?: unknown } {
  if (error && typeof error === 'object') {
    const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
    return { name: String(name ?? 'Error'), message: String(message ?? error), ...(code !== undefined ? { code } : {}) };
  }
  return { name: 'NonErrorThrown', message: String(error) };
}
