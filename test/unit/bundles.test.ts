// The shipped bundles hold no test-only package (scripts/check-bundles.mjs, also run by `npm run lint`).

import assert from 'node:assert/strict';
import { packageOf, requiredPackage, testOnlyPackagesInBundles } from '../../scripts/check-bundles.mjs';

describe('shipped bundles', () => {
  it('no shipped bundle holds or requires a test-only package (ajv, GitHub\'s REST description and schema)', async function () {
    this.timeout(120_000);
    assert.deepEqual(await testOnlyPackagesInBundles(), []);
  });

  it('names the package of a bundled file and of a required path, and none for the repository\'s own', () => {
    assert.equal(packageOf('node_modules/ajv/dist/ajv.js'), 'ajv');
    assert.equal(packageOf('../node_modules/@octokit/openapi/generated/api.github.com.json'), '@octokit/openapi');
    assert.equal(packageOf('src/fakes/github/contracts.ts'), undefined);
    assert.equal(requiredPackage('ajv-formats'), 'ajv-formats');
    assert.equal(requiredPackage('@octokit/graphql-schema/schema.graphql'), '@octokit/graphql-schema');
    assert.equal(requiredPackage('./backendSource'), undefined);
    assert.equal(requiredPackage('node:fs'), undefined);
  });
});
