// Every backend the fault matrix runs against. A new backend joins by adding its adapter here (see ../adapter.ts).

import type { Adapter } from '../adapter';
import { codefresh } from './codefresh';
import { github } from './github';
import { kargo } from './kargo';

export const ADAPTERS: readonly Adapter[] = [codefresh, github, kargo];
