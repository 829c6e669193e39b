// "Refresh now" for callers that want a result as of their call, when a refresh may already be running: that one
// may have fetched past the moment of the call, so the caller waits for it and then for one more run. Calls that
// arrive meanwhile share that one follow-up, so a burst of calls costs at most two runs, and runs never overlap.

export class FollowUpRunner {
  private current: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  /** True while the task's synchronous start runs (it may read `running`). */
  private starting = false;

  /** `task` must not throw (a failure is its own to report); it is never run twice at once. */
  constructor(private readonly task: () => Promise<void>) {}

  get running(): boolean {
    return this.starting || this.current !== undefined;
  }

  /** Run now, or once more after the run in progress (sharing that follow-up with other callers). */
  run(): Promise<void> {
    const current = this.current;
    if (!current) return this.start();
    const again = () => {
      this.next = undefined;
      return this.run();
    };
    this.next ??= current.then(again, again);
    return this.next;
  }

  /** Join the run in progress, or start one. */
  join(): Promise<void> {
    return this.current ?? this.start();
  }

  /** Forget the run in progress: its result no longer matters (what it fetches belongs to a replaced source). */
  forget(): void {
    this.current = undefined;
  }

  private start(): Promise<void> {
    this.starting = true;
    let p: Promise<void>;
    try {
      p = this.task().finally(() => {
        if (this.current === p) this.current = undefined;
      });
    } finally {
      this.starting = false;
    }
    this.current = p;
    return p;
  }
}
