// "Has this been said already?" across windows and restarts: an event is claimed by creating a file named after
// it with exclusive create (O_EXCL), which exactly one caller wins even when several windows of one workspace see the
// same event at the same moment. Claims older than a month are swept, so the folder stays small.

import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const MONTH_MS = 30 * 24 * 3_600_000;

export class EventClaims {
  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  private fileOf(key: string): string {
    return path.join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.claim`);
  }

  /** True for the one caller that claims `key` first; false for every later one, in any window. */
  async claim(key: string): Promise<boolean> {
    await mkdir(this.dir, { recursive: true });
    try {
      await writeFile(this.fileOf(key), `${key}\n`, { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  }

  /** Remove claims older than `maxAgeMs`; returns how many went. */
  async sweep(maxAgeMs = MONTH_MS): Promise<number> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.claim'));
    } catch {
      return 0;
    }
    let removed = 0;
    for (const n of names) {
      const f = path.join(this.dir, n);
      const s = await stat(f).catch(() => undefined);
      if (s && this.now() - s.mtimeMs > maxAgeMs) {
        await rm(f, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
