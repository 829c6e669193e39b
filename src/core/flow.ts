// Flow order: environments sorted so every environment comes after the ones it depends on (trigger first), stable
// with respect to the order given. Used by the tree, the resolver, the CLI and the webview so they agree.

export interface FlowNode {
  name: string;
  dependsOn?: readonly string[];
}

/** Topological order, stable; dependencies on unknown names are ignored; a cycle keeps the given order. */
export function flowOrder<T extends FlowNode>(nodes: readonly T[]): T[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const out: T[] = [];
  const visit = (n: T) => {
    if (placed.has(n.name) || visiting.has(n.name)) return;
    visiting.add(n.name);
    for (const d of n.dependsOn ?? []) {
      const dep = byName.get(d);
      if (dep) visit(dep);
    }
    visiting.delete(n.name);
    placed.add(n.name);
    out.push(n);
  };
  for (const n of nodes) visit(n);
  return out;
}

/** Edges `from -> to` of a flow, from dependsOn, limited to known environments. */
export function flowEdges(nodes: readonly FlowNode[]): { from: string; to: string }[] {
  const names = new Set(nodes.map((n) => n.name));
  return nodes.flatMap((n) => (n.dependsOn ?? []).filter((d) => names.has(d) && d !== n.name).map((d) => ({ from: d, to: n.name })));
}
