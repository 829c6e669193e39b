// The connectors, one per backend id: the editor side's one list of backends. The type below makes a backend id
// without a connector a compile error.

import type { BackendId } from '../../core/model';
import { codefresh } from './codefresh';
import { demo } from './demo';
import { github } from './github';
import { githubDemo } from './githubDemo';
import { kargo } from './kargo';
import type { Connector } from './types';

/** A fresh set of connectors (the demo's owns the in-process server it starts). */
export function createConnectors(): { readonly [K in BackendId]: Connector<K> } {
  return { codefresh, demo: demo(), kargo, github, 'github-demo': githubDemo };
}

/** The connector "Sign In" and "Sign Out" fall back to when the backend in use has no sign-in of its own. */
export const DEFAULT_CONNECTOR: BackendId = 'codefresh';
/** The connector "Try the Demo Backend" uses, with its built-in server. */
export const BUILT_IN_DEMO: BackendId = 'demo';
