/** The GitHub test engine's token: a public test value, not a secret (the engine runs on loopback with made-up data). */
export const GITHUB_TEST_ENGINE_TOKEN = 'ghp_testengine000000000000000000000000';
