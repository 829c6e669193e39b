// The one way to turn anything thrown into the sentence shown or logged for it.

/** The message of an Error, else the thrown value as text. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
