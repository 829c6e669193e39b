// Performance figures the suites measure in the real workbench. They are printed beside their goals at the end of
// `npm run test:vscode` (scripts/test-vscode.mjs reads them from $HARNESS_OUT_DIR/figures.jsonl), never asserted: a
// CPU shared with other work slows everything down, and a test must not fail because of that.
import fs from 'node:fs';
import path from 'node:path';
import { log } from './helpers';

export interface Figure {
  /** What was measured, as the table prints it. */
  name: string;
  /** Milliseconds. */
  ms: number;
  /** The figure should stay below this many milliseconds (none: printed for context). */
  goalMs?: number;
  /** How it was measured, when the name does not say it all. */
  note?: string;
}

/** Records a figure for the run's table and writes it to mocha.log. */
export function recordFigure(figure: Figure): void {
  const rounded = { ...figure, ms: Math.round(figure.ms * 10) / 10 };
  log(`figure: ${rounded.name}: ${rounded.ms} ms (${rounded.goalMs === undefined ? 'no goal' : `goal < ${rounded.goalMs} ms`})${rounded.note ? `; ${rounded.note}` : ''}`);
  const outDir = process.env.HARNESS_OUT_DIR;
  if (outDir) fs.appendFileSync(path.join(outDir, 'figures.jsonl'), `${JSON.stringify(rounded)}\n`);
}

/** The `p`-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('no values to take a percentile of');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}
