// How the extension says "this is demo data". The demo backend makes releases up from the repository's history, so
// every surface that shows them (status bar, tree, hover, Commit Deployments, release panel) carries a label while it
// is active, and links that would leave for hosts the demo invented are not offered. Pure: no vscode.

/** Description of the Product Releases view while the demo is active. */
const DEMO_VIEW_DESCRIPTION = 'Demo data';

/** A view description with the demo label in front (the label alone when there is nothing else to say). */
export function demoViewDescription(description: string | undefined, demo: boolean): string | undefined {
  if (!demo) return description;
  return description ? `${DEMO_VIEW_DESCRIPTION} · ${description}` : DEMO_VIEW_DESCRIPTION;
}

/**
 * What the Product Releases view says of a real backend in use: its title and the host it reads from, e.g.
 * `Codefresh · g.codefresh.io`. Undefined without one (the demo has its own label).
 */
export function backendDescription(title: string | undefined, url: string | undefined): string | undefined {
  if (!title) return undefined;
  let host = '';
  try {
    host = url ? new URL(url).host : '';
  } catch {
    host = '';
  }
  return host ? `${title} · ${host}` : title;
}

/** The bold title that starts every hover (and the status bar tooltip). */
export function hoverTitle(demo: boolean | undefined): string {
  return demo ? '**GitOps Releases** · demo data' : '**GitOps Releases**';
}
