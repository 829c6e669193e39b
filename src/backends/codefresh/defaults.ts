/** Codefresh's SaaS URL: the default of the setting, of the CLI, and of a `~/.cfconfig` context without `url`. */
export const DEFAULT_CODEFRESH_URL = 'https://g.codefresh.io';
