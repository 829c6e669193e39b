import assert from 'node:assert/strict';
import { flowEdges, flowOrder } from '../../../src/core/flow';

describe('flow order', () => {
  it('puts every environment after the ones it depends on, stable otherwise (a diamond)', () => {
    const nodes = [
      { name: 'prod', dependsOn: ['qa', 'staging'] },
      { name: 'staging', dependsOn: ['dev'] },
      { name: 'qa', dependsOn: ['dev'] },
      { name: 'dev', dependsOn: [] },
    ];
    assert.deepEqual(flowOrder(nodes).map((n) => n.name), ['dev', 'qa', 'staging', 'prod']);
    assert.deepEqual(flowEdges(nodes), [
      { from: 'qa', to: 'prod' },
      { from: 'staging', to: 'prod' },
      { from: 'dev', to: 'staging' },
      { from: 'dev', to: 'qa' },
    ]);
  });
  it('survives a cycle, self-edges and unknown dependencies without losing nodes', () => {
    const nodes = [
      { name: 'a', dependsOn: ['b'] },
      { name: 'b', dependsOn: ['a', 'ghost'] },
      { name: 'c', dependsOn: ['c'] },
    ];
    const order = flowOrder(nodes).map((n) => n.name);
    assert.deepEqual([...order].sort(), ['a', 'b', 'c']);
    assert.deepEqual(flowEdges(nodes), [{ from: 'b', to: 'a' }, { from: 'a', to: 'b' }]);
  });
});
