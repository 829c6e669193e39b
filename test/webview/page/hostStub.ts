// Stands in for the VS Code webview host in the test page: acquireVsCodeApi (messages recorded, state kept in
// sessionStorage so it survives a reload like VS Code's getState/setState), theme CSS variables applied the way
// VS Code applies them (through CSSOM, allowed by the CSP), and tripwires for script execution.

interface HostRecord {
  posted: unknown[];
  violations: { directive: string; blocked: string; sample: string }[];
  pwned: number;
  setTheme(name: 'light' | 'dark' | 'hc'): void;
  send(message: unknown): void;
}

// The default colours of VS Code's Light, Dark and High Contrast themes for the variables the panel reads (its
// colour registry's defaults, e.g. testing.iconPassed is #73c991 in all three), so contrast is checked against
// what users see.
const THEMES: Record<'light' | 'dark' | 'hc', { cls: string; vars: Record<string, string> }> = {
  light: {
    cls: 'vscode-light',
    vars: {
      '--vscode-editor-background': '#ffffff',
      '--vscode-editor-foreground': '#1f1f1f',
      '--vscode-font-family': 'sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-disabledForeground': '#61616180',
      '--vscode-errorForeground': '#a1260d',
      '--vscode-testing-iconPassed': '#73c991',
      '--vscode-testing-iconFailed': '#f14c4c',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-yellow': '#bf8803',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-purple': '#652d90',
      '--vscode-editorWarning-foreground': '#bf8803',
      '--vscode-inputValidation-errorBackground': '#f2dede',
      '--vscode-inputValidation-warningBackground': '#f6f5d2',
      '--vscode-editorWidget-background': '#f3f3f3',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-focusBorder': '#0090f1',
      '--vscode-textLink-foreground': '#006ab1',
    },
  },
  dark: {
    cls: 'vscode-dark',
    vars: {
      '--vscode-editor-background': '#1e1e1e',
      '--vscode-editor-foreground': '#d4d4d4',
      '--vscode-font-family': 'sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-descriptionForeground': '#ccccccb3',
      '--vscode-disabledForeground': '#cccccc80',
      '--vscode-errorForeground': '#f48771',
      '--vscode-testing-iconPassed': '#73c991',
      '--vscode-testing-iconFailed': '#f14c4c',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-inputValidation-errorBackground': '#5a1d1d',
      '--vscode-inputValidation-warningBackground': '#352a05',
      '--vscode-editorWidget-background': '#252526',
      '--vscode-panel-border': '#80808059',
      '--vscode-focusBorder': '#007fd4',
      '--vscode-textLink-foreground': '#3794ff',
    },
  },
  hc: {
    cls: 'vscode-high-contrast',
    vars: {
      '--vscode-editor-background': '#000000',
      '--vscode-editor-foreground': '#ffffff',
      '--vscode-font-family': 'sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-descriptionForeground': '#ffffffb3',
      '--vscode-disabledForeground': '#a5a5a5',
      '--vscode-errorForeground': '#f48771',
      '--vscode-testing-iconPassed': '#73c991',
      '--vscode-testing-iconFailed': '#f14c4c',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#ffd370',
      '--vscode-charts-orange': '#ab5a00',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-editorWarning-foreground': '#ffd370',
      '--vscode-inputValidation-errorBackground': '#000000',
      '--vscode-inputValidation-warningBackground': '#000000',
      '--vscode-editorWidget-background': '#0c141f',
      '--vscode-focusBorder': '#f38518',
      '--vscode-textLink-foreground': '#21a6ff',
    },
  },
};

const w = window as unknown as Record<string, unknown> & Window;
const record: HostRecord = {
  posted: [],
  violations: [],
  pwned: 0,
  setTheme(name) {
    const t = THEMES[name];
    const root = document.documentElement;
    for (let i = root.style.length - 1; i >= 0; i--) {
      const p = root.style.item(i);
      if (p.startsWith('--vscode-')) root.style.removeProperty(p);
    }
    for (const [k, v] of Object.entries(t.vars)) root.style.setProperty(k, v);
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
    document.body.classList.add(t.cls);
  },
  send(message) {
    window.postMessage(message, '*');
  },
};
w.__host = record;
// Tripwires: any hostile payload that manages to run calls one of these or sets __pwned.
const trip = () => {
  record.pwned++;
};
w.alert = trip;
w.confirm = () => {
  trip();
  return false;
};
w.prompt = () => {
  trip();
  return null;
};
Object.defineProperty(w, '__pwned', { set: trip, get: () => record.pwned });
document.addEventListener('securitypolicyviolation', (e) =>
  record.violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }),
);

let state: unknown = JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null');
w.acquireVsCodeApi = () => ({
  postMessage: (m: unknown) => void record.posted.push(m),
  getState: () => state,
  setState: (s: unknown) => {
    state = s;
    sessionStorage.setItem('vscode-state', JSON.stringify(s));
  },
});

const themeName = (sessionStorage.getItem('theme') as 'light' | 'dark' | 'hc' | null) ?? 'light';
if (document.body) record.setTheme(themeName);
else document.addEventListener('DOMContentLoaded', () => record.setTheme(themeName));
