import assert from 'node:assert/strict';
import type { CompareResult } from '../../../src/core/compare';
import { compareMarkdown } from '../../../src/present/compareMarkdown';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const SHA = 'b'.repeat(40);
const commit = (subject: string, issues: string[] = [], refs: number[] = []) => ({ sha: SHA, subject, author: 'Ada <script>', date: '2026-01-10T11:00:00Z', issues, refs });

describe('compareMarkdown', () => {
  const range = (over: Partial<Extract<CompareResult, { kind: 'range' }>> = {}): CompareResult => ({
    kind: 'range',
    product: 'shop',
    from: { environment: 'prod' },
    to: { environment: 'staging' },
    total: 250,
    offset: 0,
    pageSize: 100,
    pullRequests: [{ key: '#42', number: 42, title: 'Checkout [redesign](command:x)', via: 'merge', url: 'https://github.com/acme/shop/pull/42', commits: [commit('feat: part one (SHOP-3)', ['SHOP-3'])] }],
    direct: [commit('fix: see #7', [], [7])],
    behind: 0,
    releasesBetween: [],
    links: { commit: 'https://github.com/acme/shop/commit/', issue: 'https://github.com/acme/shop/issues/', pullRequest: 'https://github.com/acme/shop/pull/' },
    ...over,
  });

  it('lists pull requests with their commits, then the other commits; links issue keys, #refs and commits; escapes Git text', () => {
    const md = compareMarkdown('shop', range(), { issueTrackerUrl: 'https://acme.atlassian.net/browse/', now: NOW });
    assert.match(md, /### \[\\#42\]\(https:\/\/github\.com\/acme\/shop\/pull\/42\) Checkout \\\[redesign\\\]\\\(command\\:x\\\)/);
    assert.match(md, /\[SHOP\\?-3\]\(https:\/\/acme\.atlassian\.net\/browse\/SHOP-3\)/);
    assert.match(md, /\[\\?#7\]\(https:\/\/github\.com\/acme\/shop\/issues\/7\)/);
    assert.match(md, /\[`bbbbbbb`\]\(https:\/\/github\.com\/acme\/shop\/commit\/b{40}\)/);
    assert.doesNotMatch(md, /<script>/);
    assert.match(md, /\*\*250 commit\(s\)\*\*, showing 1–100/);
    assert.match(md, /Next Page/);
    assert.match(compareMarkdown('shop', range(), { issueTrackerUrl: 'https://t.example.com/a (b)/', now: NOW }), /\(https:\/\/t\.example\.com\/a%20%28b%29\/SHOP-3\)/);
    // Without a tracker URL, keys are plain text.
    assert.doesNotMatch(compareMarkdown('shop', range(), { now: NOW }), /\]\([^)]*SHOP-3\)/);
  });

  it('says why it cannot compare, and when the two have diverged or run the same code', () => {
    assert.match(compareMarkdown('shop', { kind: 'unavailable', from: { environment: 'prod' }, to: { environment: 'staging' }, reason: 'This clone is shallow.' }), /\*\*Cannot compare:\*\* This clone is shallow\\\./);
    assert.match(compareMarkdown('shop', range({ total: 0, pullRequests: [], direct: [] })), /both run the same code/);
    assert.match(compareMarkdown('shop', range({ total: 3, behind: 2 })), /prod also has 2 commit\(s\) that staging does not \(the two have diverged\)/);
  });
});
