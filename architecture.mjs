// The layers of src/ and webview/, and which layer may import which. Written once here:
// - eslint.config.mjs turns it into eslint-plugin-boundaries rules, so a wrong-way import fails `npm run lint`;
// - test/unit/architecture.test.ts checks that the README's diagram draws exactly these edges, and that lint
//   rejects a wrong-way import.
//
// A layer is a folder (`folders`) and, where a layer is a single file living inside another layer's folder, that
// file (`files`). Every .ts file under src/ and webview/ must belong to a layer (lint reports one that does not).
// `uses` lists the layers it imports, and nothing else: an edge nothing uses fails the test, so the README never
// draws an import that does not exist. Imports inside one layer are always allowed. `runtime` says what it may import from outside the repository:
//   'none'    nothing at all (no package, no Node built-in, no vscode);
//   'pure'    packages, but neither vscode nor a Node built-in: it runs in the host, the CLI and the webview alike;
//   'node'    packages and Node built-ins, not vscode;
//   'browser' packages, but neither vscode nor any Node built-in;
//   'vscode'  anything, `vscode` included (the only layer that may import it).

/** @typedef {{ name: string, folders: string[], files?: string[], runtime: 'none' | 'pure' | 'node' | 'browser' | 'vscode', uses: string[] }} Layer */

/** @type {Layer[]} */
export const layers = [
  // Domain model, status vocabularies and the status rules.
  { name: 'core', folders: ['src/core'], runtime: 'none', uses: [] },
  // git plumbing: blame, shas, the commit graph.
  { name: 'git', folders: ['src/git'], runtime: 'node', uses: ['core'] },
  // Release backends: the ReleaseBackend interface, the one HTTP client, the Codefresh, Kargo and GitHub clients.
  { name: 'backends', folders: ['src/backends'], runtime: 'node', uses: ['core', 'git', 'demo'] },
  // The demo backend: a fake server read with a real client. The only backend that may import a fake.
  { name: 'demo', folders: [], files: ['src/backends/demo/backend.ts'], runtime: 'node', uses: ['core', 'backends', 'fakes'] },
  // Fakes of the vendors' APIs (the demo servers and test engines), each in src/fakes/<backend>/: imported by the
  // demo backend, the CLI's demo choices, scripts and tests, never by other product code.
  { name: 'fakes', folders: ['src/fakes'], runtime: 'node', uses: ['core', 'git', 'backends'] },
  // From a commit to the releases and environments it is in; release notes.
  { name: 'resolve', folders: ['src/resolve'], runtime: 'node', uses: ['core', 'git'] },
  // Presentation: tree rows, tooltips, hover and status-bar Markdown, the panel's view model and view types.
  { name: 'present', folders: ['src/present'], runtime: 'pure', uses: ['core'] },
  // The command-line front end.
  { name: 'cli', folders: ['src/cli'], runtime: 'node', uses: ['core', 'git', 'backends', 'resolve', 'present', 'fakes'] },
  // The VS Code front end: the only layer that imports vscode.
  { name: 'vscode', folders: ['src/vscode'], runtime: 'vscode', uses: ['core', 'git', 'backends', 'resolve', 'present', 'protocol'] },
  // The typed messages between the host and the release panel, and the view types they carry.
  { name: 'protocol', folders: [], files: ['webview/protocol.ts', 'webview/protocolSchema.ts'], runtime: 'browser', uses: ['present', 'core'] },
  // The release panel's browser code.
  { name: 'webview', folders: ['webview'], runtime: 'browser', uses: ['protocol', 'present', 'core'] },
];

/** Every allowed edge between two layers, as `{ from, to }`. */
export function edges() {
  return layers.flatMap((l) => l.uses.map((to) => ({ from: l.name, to })));
}
