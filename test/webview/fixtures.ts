// Release fixtures for the panel tests (unit and Chromium): core-typed data, as a backend would map it.

import type { EnvironmentStep, ReleaseDetail, ReleaseNotes, WorkflowStep } from '../../src/core/model';

const T0 = '2025-11-12T07:58:00.000Z';

function step(name: string, status: string, apps: string[] = ['api', 'web'], perApp?: Record<string, string>): WorkflowStep {
  return {
    name,
    templateName: `${name}-template`,
    status,
    startedAt: T0,
    workflows: apps.map((a) => ({
      applicationName: a,
      workflowName: `${a}-${name}-wf`,
      status: perApp?.[a] ?? status,
      url: `https://g.codefresh.io/workflows/${a}-${name}?step=1`,
    })),
  };
}

function env(name: string, status: string, dependsOn: string[], pre: WorkflowStep[], post: WorkflowStep[], extra: Partial<EnvironmentStep> = {}): EnvironmentStep {
  return {
    environment: name,
    kind: name === 'prod' ? 'PROD' : 'NON_PROD',
    dependsOn,
    status,
    startedAt: T0,
    updatedAt: T0,
    preWorkflows: pre,
    postWorkflows: post,
    applications: [
      {
        app: { runtime: 'rt', namespace: name, name: `api-${name}` },
        status: status === 'SUCCEEDED' ? 'SUCCEEDED' : 'PENDING',
        commitSha: 'abcdef1234567890abcdef1234567890abcdef12',
        pr: { repo: 'org/gitops', id: 7, url: 'https://github.com/org/gitops/pull/7', title: 'Promote api', author: 'bot', state: 'CLOSED', isMerged: true },
      },
    ],
    issues: [],
    ...extra,
  };
}

/** dev (trigger) → staging and qa → prod; staging's post-action `smoke` step failed for the `web` application. */
export function failedRelease(): ReleaseDetail {
  const steps = [
    env('dev', 'SUCCEEDED', [], [step('lint', 'Succeeded')], [step('smoke', 'Succeeded')]),
    env('staging', 'FAILED', ['dev'], [step('lint', 'Succeeded')], [step('smoke', 'Failed', ['api', 'web'], { api: 'Succeeded', web: 'Failed' }), step('notify', 'Skipped')], {
      issues: [{ type: 'WORKFLOW', level: 'ERROR', message: 'smoke test failed', date: T0, workflowName: 'web-smoke-wf' }],
      hooks: { onFail: { templateName: 'page-oncall', status: 'Succeeded' } },
    }),
    env('qa', 'SUCCEEDED', ['dev'], [], [step('e2e', 'Succeeded')]),
    env('prod', 'PENDING', ['staging', 'qa'], [step('approve', 'Pending')], []),
  ];
  return {
    id: 'rel-failed-1',
    source: { backend: 'codefresh', kind: 'product-release' },
    productName: 'shop',
    flowName: 'main-flow',
    triggerEnvironment: 'dev',
    status: 'FAILED',
    version: '1.4.2',
    createdAt: T0,
    initiator: { name: 'Dana Dev' },
    triggerCommit: { sha: '0123456789abcdef0123456789abcdef01234567', message: 'feat: checkout\n\nbody', link: 'exact-sha' },
    environments: steps.map((s) => ({ name: s.environment, status: s.status, dependsOn: s.dependsOn })),
    steps,
    hooks: { onStart: { templateName: 'notify-slack', status: 'Succeeded' } },
  };
}

/** A running release of `n` environments in a chain with a few fan-outs. */
export function bigRelease(n: number): ReleaseDetail {
  const steps: EnvironmentStep[] = [];
  const statuses = ['SUCCEEDED', 'SUCCEEDED', 'RUNNING', 'PENDING', 'QUEUED', 'SUSPENDED'];
  for (let i = 0; i < n; i++) {
    const deps = i === 0 ? [] : i % 5 === 0 && i > 2 ? [`env-${i - 1}`, `env-${i - 3}`] : [`env-${Math.floor((i - 1) / 1)}`];
    const st = statuses[i % statuses.length] ?? 'PENDING';
    const phase = st === 'SUCCEEDED' ? 'Succeeded' : st === 'RUNNING' ? 'Running' : 'Pending';
    steps.push(env(`env-${i}`, st, deps, [step('check', phase)], i % 2 ? [step('verify', phase), step('report', phase)] : []));
  }
  return {
    id: `rel-big-${n}`,
    source: { backend: 'codefresh', kind: 'product-release' },
    productName: 'platform',
    flowName: 'wide-flow',
    triggerEnvironment: 'env-0',
    status: 'RUNNING',
    createdAt: T0,
    environments: steps.map((s) => ({ name: s.environment, status: s.status, dependsOn: s.dependsOn })),
    steps,
  };
}

export const HOSTILE = {
  img: '<img src=x onerror="window.__pwned=1;alert(1)">',
  mermaidClick: '"]; click e0 href "javascript:window.__pwned=1"; e9["x',
  directive: '%%{init: {"securityLevel": "loose", "theme": "forest"}}%%',
  script: '<script>window.__pwned=1</script>',
  entity: '#quot;]; style e0 fill:#f00 #35;',
  longName: 'x'.repeat(10_240),
};

/** A release whose names, steps and messages are all hostile. */
export function hostileRelease(): ReleaseDetail {
  const r = failedRelease();
  const names = [HOSTILE.img, HOSTILE.mermaidClick, HOSTILE.directive, HOSTILE.longName];
  const rename = new Map(r.steps.map((s, i) => [s.environment, names[i] ?? s.environment]));
  for (const s of r.steps) {
    s.environment = rename.get(s.environment) ?? s.environment;
    s.dependsOn = s.dependsOn.map((d) => rename.get(d) ?? d);
    for (const w of [...s.preWorkflows, ...s.postWorkflows]) {
      w.name = HOSTILE.script;
      w.templateName = HOSTILE.entity;
      for (const run of w.workflows) run.url = 'javascript:window.__pwned=1';
    }
    for (const a of s.applications) a.app.name = HOSTILE.img;
  }
  r.environments = r.steps.map((s) => ({ name: s.environment, status: s.status, dependsOn: s.dependsOn }));
  r.triggerEnvironment = rename.get('dev');
  r.productName = HOSTILE.img;
  r.version = HOSTILE.mermaidClick;
  r.triggerCommit = { sha: 'deadbeef', message: HOSTILE.directive, link: 'exact-sha' };
  return r;
}

export function sampleNotes(releaseId = 'rel-failed-1'): ReleaseNotes {
  return {
    releaseId,
    commits: [
      { sha: '1111111aaaaaaa', message: 'feat: add checkout\n\nlong body', author: 'Dana', url: 'https://github.com/org/shop/commit/1111111', source: 'backend' },
      { sha: '2222222bbbbbbb', message: 'fix: rounding in cart', author: 'Lee', source: 'local-git' },
      { sha: '3333333ccccccc', message: 'chore: bump deps', author: 'Bot', source: 'local-git' },
    ],
    pullRequests: [{ key: 'org/shop#42', number: 42, title: 'Checkout flow', url: 'https://github.com/org/shop/pull/42', author: 'Dana', source: 'backend' }],
    issues: [
      { key: 'AP-1', title: 'Checkout', url: 'https://jira.example.com/browse/AP-1', source: 'backend' },
      { key: 'AP-2', title: 'Rounding bug', source: 'local-git' },
    ],
    images: [{ image: 'docker.io/org/shop:main-1111111', tag: 'main-1111111', repositoryName: 'org/shop', source: 'backend' }],
    gitopsCommits: [{ sha: '4444444ddddddd', message: 'promote shop to staging', source: 'backend' }],
    gitopsPullRequests: [],
    builds: [],
  };
}

export function hostileNotes(releaseId: string): ReleaseNotes {
  return {
    releaseId,
    commits: [{ sha: 'deadbeefcafe', message: HOSTILE.img, url: 'javascript:window.__pwned=1', source: 'backend' }],
    pullRequests: [{ key: HOSTILE.script, title: HOSTILE.mermaidClick, url: 'https://example.com/x"><img src=x onerror=alert(1)>', source: 'backend' }],
    issues: [{ key: 'AP-9', title: HOSTILE.directive, source: 'local-git' }],
    images: [{ image: HOSTILE.longName, source: 'backend' }],
    gitopsCommits: [],
    gitopsPullRequests: [],
    builds: [],
  };
}

/** dev (trigger) → staging → prod, waiting at staging for its promotion pull request; prod has not started. */
export function suspendedRelease(): ReleaseDetail {
  const steps = [
    env('dev', 'SUCCEEDED', [], [step('lint', 'Succeeded')], [step('smoke', 'Succeeded')]),
    env('staging', 'SUSPENDED', ['dev'], [step('lint', 'Succeeded')], [], {
      issues: [
        { type: 'APPLICATION', level: 'WARNING', message: 'Deployment api-staging has minimum availability 1/3', date: T0, applicationName: 'api' },
        { type: 'GIT', level: 'WARNING', message: 'Waiting for the promotion pull request to staging to be approved and merged', date: T0, applicationName: 'api' },
      ],
    }),
    env('prod', 'PENDING', ['staging'], [step('approve', 'Pending')], []),
  ];
  return {
    id: 'rel-suspended-1',
    source: { backend: 'codefresh', kind: 'product-release' },
    productName: 'shop',
    flowName: 'main-flow',
    triggerEnvironment: 'dev',
    status: 'SUSPENDED',
    version: '1.5.0',
    createdAt: T0,
    triggerCommit: { sha: '0123456789abcdef0123456789abcdef01234567', message: 'feat: wallet', link: 'exact-sha' },
    environments: steps.map((s) => ({ name: s.environment, status: s.status, dependsOn: s.dependsOn })),
    steps,
  };
}
