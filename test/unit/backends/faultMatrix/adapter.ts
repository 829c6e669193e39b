// What the fault matrix needs from one backend: how to build its client against a loopback server, which calls to
// make (a read, a paged read, a write), which of the server's requests a row's fault is aimed at, and how that
// vendor answers in its own shape (a good page, a page with an unreadable item, a huge page, an error body). A
// backend joins the matrix by adding one adapter to ./adapters/index.ts; every row of ./rows.ts then runs against it.

import type * as http from 'node:http';
import type { Logger } from '../../../../src/core/log';
import type { ReleaseBackend } from '../../../../src/backends/types';
import type { StubRequest } from '../codefresh/helpers';

/** The calls a row can make: list releases; a list the client pages through; an action (sent at most once). */
export type CallName = 'read' | 'page' | 'write';

/** How short the rows make the client's waits. Backends take these under their own option names (see each adapter). */
export interface Tuning {
  connectMs: number;
  /** Whole-answer limit per request. */
  totalMs: number;
  /** Retries of a read after the first attempt. */
  retries: number;
  backoff: { baseMs: number; maxMs: number };
}

export interface CreateContext {
  /** The hostile server's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  log: Logger;
  tuning: Tuning;
}

/** One answer in the vendor's shape. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** An item of a list answer: a good one (by index), or one of the unreadable kinds. */
export type Item =
  | number
  | { bad: 'missing-field'; index: number }
  /** Unreadable, with a field that carries `text` (e.g. the token echoed back). */
  | { bad: 'echo'; index: number; text: string }
  /** Good, except one enum-like field holds a value the client has never seen. */
  | { odd: 'enum'; index: number }
  /** Good, with one free-text field of `bytes` bytes. */
  | { big: number; index: number };

/** What the caller got from a call, the same for every backend. */
export interface Outcome {
  /** Ids of what the call returned, in order (release ids; job names for a paged detail; the action's message). */
  items: string[];
  skipped?: { count: number; reasons: string[] };
  warnings?: string[];
  /** The whole value, for leak checks. */
  value: unknown;
}

/** The result of the call under test, when it succeeds. */
export interface CallSpec {
  run(backend: ReleaseBackend, signal: AbortSignal, pageSize: number): Promise<Outcome>;
  /** The server requests this row's fault applies to; every other request gets the adapter's good answer. */
  isTarget(req: StubRequest): boolean;
  /**
   * The good answer to the `n`-th target request. For the paged call: page `n` of an endless list when `next` is
   * 'same', the last page when 'none', or a page whose next link names `next` (an absolute URL).
   */
  good(req: StubRequest, n: number, next?: 'same' | 'none' | string): Answer;
  /** Items of a good answer, as `Outcome.items` lists them. */
  goodItems: string[];
  /** For the paged call: page `n` of an endless list whose items are all unreadable. */
  unreadablePage?(req: StubRequest, n: number): Answer;
}

export interface ReadAnswers {
  /** A list answer holding exactly these items (page size ignored, as a hostile server does). */
  page(req: StubRequest, items: readonly Item[]): Answer;
  /** `Outcome.items` entry of good item `index`. */
  id(index: number): string;
  /** The skip reason of a `missing-field` item at `index` (names the field path). */
  missingReason(index: number): RegExp;
  /** A list answer of `count` items as one string (cached by the adapter; built before measuring). */
  huge(count: number, kind: 'good' | 'bad'): string;
  /** An answer of the right media type and valid JSON whose top level is not what the API sends. */
  wrongShape(): Answer;
}

/** Vendor traits a row may need; a backend without it shows the row as not applicable, with the reason. */
export type Feature =
  /** Its read is a GraphQL query: `errors[]` with 200, partial data. */
  | 'graphql'
  /** Paging follows a URL the server names (RFC 8288 `Link: rel="next"`), which can point anywhere. */
  | 'linkPaging'
  /** Items of a union type, told apart by `__typename`. */
  | 'unions'
  /** An older API generation the client falls back to (Codefresh's `productReleases`). */
  | 'olderApi';

export interface Adapter {
  name: string;
  /** Recognisable, so a leak anywhere is found by a plain substring search. */
  token: string;
  /** The request carries our token (in whatever header the vendor takes it). */
  carriesToken(req: StubRequest): boolean;
  create(ctx: CreateContext): Promise<ReleaseBackend>;
  read: CallSpec & ReadAnswers;
  /** A list the client follows page by page; absent when the API has none (say why in `missing`). */
  page?: CallSpec;
  /** An action; absent when the backend offers none. */
  write?: CallSpec;
  /** The vendor's error body for an HTTP status, with a message. */
  errorBody(status: number, message: string): Answer;
  /** GraphQL `errors[]` answers (with feature 'graphql'). */
  graphqlErrors?(req: StubRequest, message: string, data: 'none' | 'null-root' | 'partial'): Answer;
  /** Items of a type the client does not know (with feature 'unions'). */
  unknownTypes?(req: StubRequest, typenames: readonly string[], good: readonly number[]): Answer;
  /** The older generation's answer, and what the caller gets from it (with feature 'olderApi'). */
  olderApi?: { serve(req: StubRequest, res: http.ServerResponse): void; ids: string[]; requests: number; check?: (o: Outcome) => void };
  features: readonly Feature[];
  /** Why a call or feature does not apply to this backend, for the table. */
  missing: Partial<Record<CallName | Feature, string>>;
  /** Answer a request that is not a row's target, well (the rest of the API the call needs). */
  serve(req: StubRequest, res: http.ServerResponse, call: CallName): void;
}

export function send(res: http.ServerResponse, a: Answer): void {
  res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
  res.end(a.body);
}

export function json(status: number, payload: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers, body: JSON.stringify(payload) };
}
