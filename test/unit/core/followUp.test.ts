import assert from 'node:assert/strict';
import { FollowUpRunner } from '../../../src/core/followUp';

/** A task whose runs the test finishes one by one. */
function gatedTask() {
  const gates: (() => void)[] = [];
  let runs = 0;
  let overlapping = 0;
  let active = 0;
  const task = () => {
    runs++;
    active++;
    if (active > 1) overlapping++;
    return new Promise<void>((resolve) => gates.push(() => {
      active--;
      resolve();
    }));
  };
  const finishNext = async () => {
    await new Promise((r) => setImmediate(r));
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { task, finishNext, runs: () => runs, overlapping: () => overlapping };
}

describe('core/followUp', () => {
  it('a call while a run is going waits for it and one more run; calls meanwhile share that follow-up', async () => {
    const t = gatedTask();
    const r = new FollowUpRunner(t.task);
    const first = r.run();
    assert.equal(r.running, true);
    const second = r.run();
    const third = r.run();
    assert.equal(second, third);
    assert.equal(t.runs(), 1);
    let secondDone = false;
    void second.then(() => (secondDone = true));
    await t.finishNext();
    await first;
    assert.equal(t.runs(), 2);
    assert.equal(secondDone, false);
    await t.finishNext();
    await second;
    assert.equal(t.runs(), 2);
    assert.equal(r.running, false);
    assert.equal(t.overlapping(), 0);
  });

  it('join shares the run in progress without asking for another', async () => {
    const t = gatedTask();
    const r = new FollowUpRunner(t.task);
    const a = r.join();
    assert.equal(r.join(), a);
    await t.finishNext();
    await a;
    assert.equal(t.runs(), 1);
  });

  it('the task sees itself running from its first synchronous step', async () => {
    let seen: boolean | undefined;
    const r: FollowUpRunner = new FollowUpRunner(async () => {
      seen = r.running;
    });
    await r.run();
    assert.equal(seen, true);
  });

  it('after forget, a call starts at once, and a follow-up of the forgotten run does not overlap the new one', async () => {
    const t = gatedTask();
    const r = new FollowUpRunner(t.task);
    void r.run();
    const followUp = r.run();
    r.forget();
    assert.equal(r.running, false);
    const fresh = r.run();
    assert.equal(t.runs(), 2);
    await t.finishNext(); // the forgotten run ends; its follow-up waits for the fresh one
    assert.equal(t.runs(), 2);
    await t.finishNext();
    await fresh;
    await t.finishNext();
    await followUp;
    assert.equal(t.runs(), 3);
  });
});
