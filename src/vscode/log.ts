// The extension's log: a LogOutputChannel ("GitOps Releases") behind the core Logger interface. Every line also goes
// to a small in-memory ring (the test API reads it to prove no secret was logged), and any registered secret is
// masked before a line is written anywhere.

import * as vscode from 'vscode';
import { type Logger, redactSecrets } from '../core/log';

const RING_SIZE = 2_000;

export class ExtensionLog implements Logger, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly ring: string[] = [];
  private readonly secrets = new Set<string>();

  constructor() {
    this.channel = vscode.window.createOutputChannel('GitOps Releases', { log: true });
  }

  /** Mask this value in every future line (an API key being validated, a stored key). */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  private write(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    const line = redactSecrets(message, this.secrets);
    this.ring.push(`${level}: ${line}`);
    if (this.ring.length > RING_SIZE) this.ring.splice(0, this.ring.length - RING_SIZE);
    if (level === 'debug') this.channel.debug(line);
    else if (level === 'info') this.channel.info(line);
    else if (level === 'warn') this.channel.warn(line);
    else this.channel.error(line);
  }

  debug(message: string): void {
    this.write('debug', message);
  }
  info(message: string): void {
    this.write('info', message);
  }
  warn(message: string): void {
    this.write('warn', message);
  }
  error(message: string): void {
    this.write('error', message);
  }

  /** Everything logged this session (masked), for the test API. */
  text(): string {
    return this.ring.join('\n');
  }

  dispose(): void {
    this.channel.dispose();
  }
}
