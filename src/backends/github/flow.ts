// The promotion flow of a repository, read off its GitHub Actions workflow files: every job with an `environment:`
// (a name, or `{ name, url }`) is a step, and `needs:` links them, also through jobs that have no environment of
// their own. A matrix whose values are listed in the file expands into one step per value; a call to a reusable
// workflow in the same repository is followed one level into that file. Anything else that decides an environment
// at run time (an expression over outputs, a workflow in another repository) is reported as not understood.
// Syntax: https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions

import { parse } from 'yaml';
import type { FlowStep, PromotionFlow } from '../../core/model';

export interface WorkflowFile {
  /** Path relative to the repository root, e.g. `.github/workflows/deploy.yml`. */
  path: string;
  text: string;
}

/** One job of a workflow, as the flow needs it. */
export interface FlowJob {
  key: string;
  /** The job's `name:` when it is a literal, else its key (what the jobs API reports for a job without a matrix). */
  name: string;
  environments: string[];
  needs: string[];
}

export interface WorkflowFlow {
  path: string;
  /** The workflow's `name:`, else its path (what GitHub shows as the run's name). */
  name: string;
  jobs: FlowJob[];
  flow: PromotionFlow;
}

export interface DerivedFlows {
  workflows: WorkflowFlow[];
  /** Human texts for each part that could not be read, e.g. `deploy.yml, job "ship": environment is decided at run time`. */
  notUnderstood: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const EXPR = /\$\{\{\s*([^}]*?)\s*\}\}/;

function asList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

function fileName(path: string): string {
  return path.split('/').pop() ?? path;
}

/** The environment names one job deploys to, given its matrix and the inputs a caller passed. */
function jobEnvironments(
  job: Obj,
  inputs: Obj,
  where: string,
  notes: string[],
): string[] {
  const env = job.environment;
  const raw = isObj(env) ? env.name : env;
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'string') {
    notes.push(`${where}: the environment is not a name`);
    return [];
  }
  const m = EXPR.exec(raw);
  if (!m) return [raw];
  const expr = m[1] ?? '';
  const matrixRef = /^matrix\.([A-Za-z0-9_-]+)$/.exec(expr);
  if (matrixRef) {
    const name = matrixRef[1]!;
    const strategy = isObj(job.strategy) ? job.strategy : {};
    const matrix = strategy.matrix;
    if (!isObj(matrix)) {
      notes.push(`${where}: the matrix behind ${raw} is computed at run time`);
      return [];
    }
    const values = [...asList(matrix[name])];
    if (Array.isArray(matrix.include)) for (const inc of matrix.include) if (isObj(inc) && typeof inc[name] === 'string') values.push(inc[name]);
    const literal = values.filter((v) => !EXPR.test(v));
    if (literal.length === 0 || literal.length !== values.length) {
      notes.push(`${where}: the matrix values of ${raw} are computed at run time`);
      return [...new Set(literal.map((v) => raw.replace(m[0], v)))];
    }
    return [...new Set(literal.map((v) => raw.replace(m[0], v)))];
  }
  const inputRef = /^inputs\.([A-Za-z0-9_-]+)$/.exec(expr);
  if (inputRef && typeof inputs[inputRef[1]!] === 'string' && !EXPR.test(String(inputs[inputRef[1]!]))) return [raw.replace(m[0], String(inputs[inputRef[1]!]))];
  notes.push(`${where}: the environment ${raw} is decided at run time`);
  return [];
}

function readWorkflow(path: string, text: string, notes: string[]): Obj | undefined {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    notes.push(`${fileName(path)}: not valid YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    return undefined;
  }
  if (!isObj(doc) || !isObj(doc.jobs)) {
    notes.push(`${fileName(path)}: has no jobs`);
    return undefined;
  }
  return doc;
}

/** The flows of a repository's workflow files (only those that deploy to at least one environment). */
export function deriveFlows(files: readonly WorkflowFile[]): DerivedFlows {
  const notes: string[] = [];
  const docs = new Map<string, Obj>();
  for (const f of files) {
    const d = readWorkflow(f.path, f.text, notes);
    if (d) docs.set(f.path.replace(/^\.\//, ''), d);
  }
  const workflows: WorkflowFlow[] = [];
  for (const [path, doc] of docs) {
    const jobsObj = doc.jobs as Obj;
    const jobs: FlowJob[] = [];
    for (const [key, value] of Object.entries(jobsObj)) {
      if (!isObj(value)) continue;
      const where = `${fileName(path)}, job "${key}"`;
      const name = typeof value.name === 'string' && !EXPR.test(value.name) ? value.name : key;
      let environments = jobEnvironments(value, {}, where, notes);
      const uses = typeof value.uses === 'string' ? value.uses : undefined;
      if (uses && environments.length === 0) {
        const local = /^\.\/(.+\.ya?ml)$/.exec(uses);
        const called = local ? docs.get(local[1]!) : undefined;
        if (!called) {
          notes.push(`${where}: calls ${uses}, a workflow not in this repository`);
        } else {
          const inputs = isObj(value.with) ? value.with : {};
          for (const [ck, cv] of Object.entries(called.jobs as Obj)) {
            if (isObj(cv)) for (const e of jobEnvironments(cv, inputs, `${fileName(local![1]!)}, job "${ck}" (called by ${where})`, notes)) environments.push(e);
          }
          environments = [...new Set(environments)];
        }
      }
      jobs.push({ key, name, environments, needs: asList(value.needs) });
    }
    if (!jobs.some((j) => j.environments.length > 0)) continue;
    const byKey = new Map(jobs.map((j) => [j.key, j]));
    /** The environments of the nearest jobs up the `needs:` chains that have one. */
    const upstream = (job: FlowJob, seen = new Set<string>()): string[] => {
      const out: string[] = [];
      for (const n of job.needs) {
        if (seen.has(n)) continue;
        seen.add(n);
        const dep = byKey.get(n);
        if (!dep) {
          notes.push(`${fileName(path)}, job "${job.key}": needs "${n}", which is not a job of the workflow`);
          continue;
        }
        for (const e of dep.environments.length ? dep.environments : upstream(dep, seen)) out.push(e);
      }
      return out;
    };
    const deps = new Map<string, Set<string>>();
    for (const j of jobs) {
      if (!j.environments.length) continue;
      const up = upstream(j);
      for (const e of j.environments) {
        const set = deps.get(e) ?? new Set<string>();
        for (const u of up) if (u !== e) set.add(u);
        deps.set(e, set);
      }
    }
    const steps: FlowStep[] = [...deps].map(([environment, set]) => ({ environment, dependsOn: [...set] }));
    const trigger = steps.find((s) => s.dependsOn.length === 0)?.environment ?? steps[0]!.environment;
    const name = typeof doc.name === 'string' ? doc.name : path;
    workflows.push({ path, name, jobs, flow: { name, triggerEnvironment: trigger, steps } });
  }
  return { workflows, notUnderstood: [...new Set(notes)] };
}

/** A flow from the setting (`environment → environments it follows`), or, without one, the environments in order. */
export function fallbackFlow(environments: readonly string[], setting: Readonly<Record<string, readonly string[]>> | undefined): PromotionFlow | undefined {
  if (environments.length === 0) return undefined;
  const known = setting && Object.keys(setting).length > 0;
  const steps: FlowStep[] = environments.map((environment, i) => ({
    environment,
    dependsOn: known ? [...(setting[environment] ?? [])] : i > 0 ? [environments[i - 1]!] : [],
  }));
  return { name: known ? 'From settings' : 'Environment order', triggerEnvironment: steps.find((s) => s.dependsOn.length === 0)?.environment ?? environments[0]!, steps };
}
